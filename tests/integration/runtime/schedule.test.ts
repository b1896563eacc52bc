import { describe, expect, test } from 'vitest';
import type { VirtualClock } from '../../../devkit/clock.ts';
import type { Runtime } from '../../../devkit/runtime/index.ts';
import { answer, ruleLines, runtimeFor } from './helpers.ts';

const MINUTE = 60_000;

type Call = { op: 'create' | 'fetch' | 'update' | 'delete' | 'pause' | 'resume'; spec: Record<string, unknown> };

function schedule(rt: Runtime, ...calls: Call[]): Promise<Array<{ ok: boolean; value?: any; error?: any }>> {
  return answer(rt, 'scheduleCalls', { calls });
}

async function setup(faults: Record<string, unknown> = {}): Promise<{ rt: Runtime; clock: VirtualClock; at: (ms: number) => string; fired: () => string[] }> {
  const { rt, clock } = await runtimeFor('schedules', { iparams: {}, faults });
  return {
    rt,
    clock,
    at: (ms) => new Date(clock.now() + ms).toISOString(),
    fired: () => ((rt.db.get('fired')?.items ?? []) as Array<{ tag: string }>).map((i) => i.tag),
  };
}

const created = { ok: true, value: { status: 200, message: 'Schedule created successfully' } };

describe('$schedule: one-time schedules', () => {
  test('fires onScheduledEvent with its data when due on the clock, then is removed', async () => {
    const { rt, clock, at, fired } = await setup();
    const when = at(5 * MINUTE);
    expect(await schedule(rt, { op: 'create', spec: { name: 'r1', data: { tag: 'one' }, schedule_at: when } }, { op: 'fetch', spec: { name: 'r1' } })).toEqual([
      created,
      { ok: true, value: { name: 'r1', data: { tag: 'one' }, schedule_at: when, status: 'active' } },
    ]);
    await clock.advance(5 * MINUTE - 1);
    expect(fired()).toEqual([]);
    await clock.advance(1);
    await rt.idle();
    expect(fired()).toEqual(['one']);
    expect(rt.db.get('fired')?.items).toEqual([{ tag: 'one', at: when, event: 'onScheduledEvent' }]);
    expect(rt.schedules.list()).toEqual([]);
    expect(await schedule(rt, { op: 'fetch', spec: { name: 'r1' } })).toEqual([{ ok: false, error: { status: 404, message: "$schedule.fetch: no schedule named 'r1'." } }]);
    expect(rt.stats.schedules).toMatchObject({ inUse: 0, peak: 1, created: 1, fired: 1 });
  });

  test('schedule_at must be at least 5 minutes ahead: exactly 5 passes, 1 ms less fails', async () => {
    const { rt, clock, at } = await setup();
    const results = await schedule(rt, { op: 'create', spec: { name: 'a', schedule_at: at(5 * MINUTE) } }, { op: 'create', spec: { name: 'b', schedule_at: at(5 * MINUTE - 1) } }, { op: 'create', spec: { name: 'c', schedule_at: 'tomorrow' } });
    expect(results[0]).toEqual(created);
    expect(results[1]).toEqual({ ok: false, error: { status: 400, code: 'invalid_schedule', message: `$schedule: the schedule_at time must be at least 5 minutes from the current time; ${at(5 * MINUTE - 1)} is 300 s from now (${new Date(clock.now()).toISOString()}).` } });
    expect(results[2]?.error.message).toBe('$schedule: schedule_at must be a time in ISO format (e.g. 2026-11-26T09:30:00.000Z), got "tomorrow".');
  });

  test('data up to 4 KB of JSON passes, one byte more fails', async () => {
    const { rt, at } = await setup();
    const room = 4 * 1024 - JSON.stringify({ v: '' }).length;
    const results = await schedule(rt, { op: 'create', spec: { name: 'a', data: { v: 'x'.repeat(room) }, schedule_at: at(10 * MINUTE) } }, { op: 'create', spec: { name: 'b', data: { v: 'x'.repeat(room + 1) }, schedule_at: at(10 * MINUTE) } });
    expect(results).toEqual([created, { ok: false, error: { status: 400, code: 'invalid_schedule', message: '$schedule: data is 4097 bytes of JSON; the limit is 4096 bytes (4 KB).' } }]);
  });

  test('names are unique (409); fetch and delete of a missing name are 404', async () => {
    const { rt, at } = await setup();
    const spec = { name: 'dup', schedule_at: at(6 * MINUTE) };
    expect(await schedule(rt, { op: 'create', spec }, { op: 'create', spec }, { op: 'delete', spec: { name: 'nope' } }, { op: 'delete', spec: { name: 'dup' } })).toEqual([
      created,
      { ok: false, error: { status: 409, message: "$schedule.create: a schedule named 'dup' already exists." } },
      { ok: false, error: { status: 404, message: "$schedule.delete: no schedule named 'nope'." } },
      { ok: true, value: { status: 200, message: 'Schedule deleted successfully' } },
    ]);
    expect(ruleLines(rt, 'schedule.duplicate')).toHaveLength(1);
  });

  test('1000 one-time schedules per installation pass, the 1001st fails', async () => {
    const { rt, at } = await setup();
    const calls: Call[] = Array.from({ length: 1001 }, (_, i) => ({ op: 'create', spec: { name: `s${i}`, data: { tag: `s${i}` }, schedule_at: at(10 * MINUTE + i) } }));
    const results = await schedule(rt, ...calls);
    expect(results.filter((r) => r.ok)).toHaveLength(1000);
    expect(results[1000]).toEqual({ ok: false, error: { status: 400, code: 'invalid_schedule', message: '$schedule: at most 1000 one-time schedules per installation; 1000 already exist.' } });
    expect(rt.stats.schedules).toMatchObject({ inUse: 1000, oneTime: 1000, peak: 1000 });
  });

  test('update moves a schedule and replaces its data', async () => {
    const { rt, clock, at, fired } = await setup();
    await schedule(rt, { op: 'create', spec: { name: 'u', data: { tag: 'old' }, schedule_at: at(5 * MINUTE) } }, { op: 'update', spec: { name: 'u', data: { tag: 'new' }, schedule_at: at(8 * MINUTE) } });
    await clock.advance(7 * MINUTE);
    expect(fired()).toEqual([]);
    await clock.advance(MINUTE);
    await rt.idle();
    expect(fired()).toEqual(['new']);
  });

  test('a paused schedule does not fire; resumed after its time it fires at once', async () => {
    const { rt, clock, at, fired } = await setup();
    await schedule(rt, { op: 'create', spec: { name: 'p', data: { tag: 'p' }, schedule_at: at(5 * MINUTE) } }, { op: 'pause', spec: { name: 'p' } });
    await clock.advance(10 * MINUTE);
    expect(fired()).toEqual([]);
    expect(rt.schedules.get('p')?.status).toBe('paused');
    await schedule(rt, { op: 'resume', spec: { name: 'p' } });
    await clock.advance(0);
    await rt.idle();
    expect(fired()).toEqual(['p']);
  });

  test('the host can fire a schedule now', async () => {
    const { rt, at, fired } = await setup();
    await schedule(rt, { op: 'create', spec: { name: 'f', data: { tag: 'forced' }, schedule_at: at(60 * MINUTE) } });
    await rt.schedules.fire('f');
    expect(fired()).toEqual(['forced']);
    expect(rt.schedules.list()).toEqual([]);
  });
});

describe('$schedule: recurring schedules', () => {
  test('one recurring schedule per installation; it re-arms every interval', async () => {
    const { rt, clock, at, fired } = await setup();
    const results = await schedule(rt, { op: 'create', spec: { name: 'every5', data: { tag: 'tick' }, schedule_at: at(5 * MINUTE), repeat: { time_unit: 'minutes', frequency: 5 } } }, { op: 'create', spec: { name: 'second', schedule_at: at(5 * MINUTE), repeat: { time_unit: 'hours', frequency: 1 } } });
    expect(results[1]).toEqual({ ok: false, error: { status: 400, code: 'invalid_schedule', message: '$schedule: at most 1 recurring schedule per installation; 1 already exist.' } });
    await clock.advance(15 * MINUTE);
    await rt.idle();
    expect(fired()).toEqual(['tick', 'tick', 'tick']);
    expect(rt.schedules.get('every5')?.nextAt).toBe(clock.now() + 5 * MINUTE);
  });

  test('intervals under 5 minutes and unknown units are refused', async () => {
    const { rt, at } = await setup();
    const results = await schedule(rt, { op: 'create', spec: { name: 'fast', schedule_at: at(5 * MINUTE), repeat: { time_unit: 'minutes', frequency: 4 } } }, { op: 'create', spec: { name: 'weekly', schedule_at: at(5 * MINUTE), repeat: { time_unit: 'weeks', frequency: 1 } } });
    expect(results.map((r) => r.error.message)).toEqual(['$schedule: a recurring schedule must repeat at most every 5 minutes; every 4 minutes is 240 s.', '$schedule: repeat.time_unit must be one of minutes, hours, days, got "weeks".']);
  });
});

describe('$schedule: faults', () => {
  test('double delivery fires the handler twice', async () => {
    const { rt, clock, at, fired } = await setup({ scheduleDoubleDelivery: true });
    await schedule(rt, { op: 'create', spec: { name: 'd', data: { tag: 'twice' }, schedule_at: at(5 * MINUTE) } });
    await clock.advance(5 * MINUTE);
    await rt.idle();
    expect(fired()).toEqual(['twice', 'twice']);
  });

  test('late delivery fires N ms after the due time', async () => {
    const { rt, clock, at, fired } = await setup({ scheduleLateMs: MINUTE });
    await schedule(rt, { op: 'create', spec: { name: 'l', data: { tag: 'late' }, schedule_at: at(5 * MINUTE) } });
    await clock.advance(6 * MINUTE - 1);
    expect(fired()).toEqual([]);
    await clock.advance(1);
    await rt.idle();
    expect(fired()).toEqual(['late']);
  });

  test('uninstall deletes every schedule', async () => {
    const { rt, at } = await setup();
    await schedule(rt, { op: 'create', spec: { name: 'x', schedule_at: at(5 * MINUTE) } });
    await rt.uninstall();
    expect(rt.schedules.list()).toEqual([]);
  });
});
