import { describe, expect, test } from 'vitest';
import { appBudget } from '../../../core/budget.ts';
import { callTemplate, createMeter, fits, type Invoke } from '../../../server/lib/freshservice/client.ts';

const NOW = Date.UTC(2026, 10, 26, 9, 0, 10);

/** A scripted `$request.invokeTemplate`: answers in order, and records what was asked. */
function scripted(answers: Array<{ ok: boolean; value: unknown }>): Invoke & { log: string[] } {
  const log: string[] = [];
  const fn = ((name: string, options: { context?: Record<string, unknown>; body?: string }) => {
    log.push(`${name} ${JSON.stringify(options.context ?? {})}${options.body === undefined ? '' : ` ${options.body}`}`);
    const next = answers.shift();
    if (next === undefined) throw new Error('no scripted answer left');
    return next.ok ? Promise.resolve(next.value) : Promise.reject(next.value);
  }) as Invoke & { log: string[] };
  fn.log = log;
  return fn;
}

const ok = (response: unknown, headers: Record<string, string> = {}) => ({ ok: true, value: { status: 200, headers, response: typeof response === 'string' ? response : JSON.stringify(response) } });
const fail = (status: number, errorSource = 'APP', headers: Record<string, string> = {}) => ({ ok: false, value: { status, headers, response: '', errorSource } });

describe('callTemplate', () => {
  test('sends the context and a JSON body, parses the answer and counts the spend', async () => {
    const invoke = scripted([ok({ ticket: { id: 5 } }, { 'X-RateLimit-Remaining': '60', 'X-RateLimit-Total': '100' })]);
    const meter = createMeter(appBudget('starter', 50), { now: () => NOW });
    const result = await callTemplate<{ ticket: { id: number } }>(invoke, meter, 'updateTicket', { context: { ticket_id: 5 }, body: { priority: 3 } });
    expect(result.data?.ticket.id).toBe(5);
    expect(invoke.log).toEqual(['updateTicket {"ticket_id":5} {"priority":3}']);
    expect(meter).toMatchObject({ made: 1, lastRateLimit: { total: 100, remaining: 60 } });
    expect(meter.spend.byOperation.updateTicket).toBe(1);
  });

  test('a list with tags costs three credits, with the requester too five', async () => {
    const meter = createMeter(appBudget('starter', 50), { now: () => NOW });
    await callTemplate(scripted([ok({ tickets: [] })]), meter, 'listTickets', { context: { page: 1, include: 'tags' }, includes: 1 });
    expect(meter.spend.credits).toBe(3);
    await callTemplate(scripted([ok({ tickets: [] })]), meter, 'listTickets', { context: { page: 1, include: 'tags,requester' }, includes: 2 });
    expect(meter.spend.credits).toBe(3 + 5);
  });

  test('refuses before sending when the budget is spent, without counting', async () => {
    const invoke = scripted([]);
    const meter = createMeter(appBudget('starter', 2), { now: () => NOW });
    expect(fits(meter, 'createNote')).toBe(true);
    await callTemplate(scripted([ok({})]), meter, 'createNote').catch(() => undefined);
    await callTemplate(scripted([ok({})]), meter, 'createNote').catch(() => undefined);
    expect(fits(meter, 'createNote')).toBe(false);
    await expect(callTemplate(invoke, meter, 'createNote')).rejects.toMatchObject({ kind: 'budget', transient: true });
    expect(invoke.log).toEqual([]);
    expect(meter.made).toBe(2);
  });

  test('after a 401 nothing more is sent in this invocation', async () => {
    const invoke = scripted([fail(401)]);
    const meter = createMeter(appBudget('starter', 50), { now: () => NOW });
    await expect(callTemplate(invoke, meter, 'viewTicket')).rejects.toMatchObject({ kind: 'auth' });
    await expect(callTemplate(invoke, meter, 'createNote')).rejects.toMatchObject({ kind: 'auth' });
    expect(invoke.log).toHaveLength(1);
    expect(fits(meter, 'createNote')).toBe(false);
  });

  test("after Freshservice's 429 or FDK's limit nothing more is sent", async () => {
    for (const answer of [fail(429, 'APP', { 'Retry-After': '9' }), fail(429, 'PLATFORM')]) {
      const invoke = scripted([answer]);
      const meter = createMeter(appBudget('starter', 50), { now: () => NOW });
      await expect(callTemplate(invoke, meter, 'viewTicket')).rejects.toHaveProperty('transient', true);
      await expect(callTemplate(invoke, meter, 'viewTicket')).rejects.toBe(meter.stopped);
      expect(invoke.log).toHaveLength(1);
    }
  });

  test('an answer saying nothing remains this minute stops the next call before it would 429', async () => {
    const invoke = scripted([ok({}, { 'x-ratelimit-remaining': '0', 'x-ratelimit-total': '100' })]);
    const meter = createMeter(appBudget('starter', 50), { now: () => NOW });
    await callTemplate(invoke, meter, 'viewTicket');
    expect(meter.stopped).toMatchObject({ kind: 'rate_limited', retryAfter: 50 });
  });

  test('a 5xx is transient and does not stop later calls', async () => {
    const invoke = scripted([fail(503), ok({})]);
    const meter = createMeter(appBudget('starter', 50), { now: () => NOW });
    await expect(callTemplate(invoke, meter, 'createNote')).rejects.toMatchObject({ kind: 'server' });
    await callTemplate(invoke, meter, 'createNote');
    expect(meter.made).toBe(2);
  });

  test('a 2xx that is not JSON is a bad response; an empty one is no data', async () => {
    const meter = createMeter(appBudget('starter', 50), { now: () => NOW });
    await expect(callTemplate(scripted([ok('<html>')]), meter, 'viewTicket')).rejects.toMatchObject({ kind: 'bad_response' });
    expect((await callTemplate(scripted([ok('')]), meter, 'viewTicket')).data).toBeUndefined();
  });

  test('a new minute gives a fresh budget', async () => {
    let now = NOW;
    const meter = createMeter(appBudget('starter', 1), { now: () => now });
    await callTemplate(scripted([ok({})]), meter, 'createNote');
    expect(fits(meter, 'createNote')).toBe(false);
    now += 60_000;
    expect(fits(meter, 'createNote')).toBe(true);
  });
});
