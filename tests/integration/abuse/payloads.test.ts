/**
 * Abuse: event payloads and server-method arguments nobody should send, delivered through the
 * runtime as the platform delivers them. Garbage never crashes a handler and never writes to
 * Freshservice; a real ticket with odd fields is still triaged exactly once; a server method given
 * junk answers with a status and a sentence, never a 500 or a stack trace.
 */
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Insights } from '../../../core/insights.ts';
import { blockKey } from '../../../core/record.ts';
import { startHarness, type Harness } from '../../../devkit/harness/index.ts';
import { captureEvents, crashLines, escaped, eventFor, expectCleanEnd, expectInertHtml, fire, linesSince, nextMinute, writes } from './helpers.ts';

/** Values of every JSON type and then some: unicode, NUL, RTL, combining marks, emoji, markup, extremes. */
const odd = fc.oneof(
  fc.anything({ maxDepth: 3, withNullPrototype: true }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '\u0000', 'a\u0000b', '\u202eevil\u202c', 'مرحبا بالعالم', 'e\u0301\u0301\u0301\u0301', 'Z̴̡̧̛̖͎͓̈́̓̈́a̷̛̖̘̤l̸̢̨̛̹g̶o̵', '👩‍👩‍👧‍👦🚀', '\ud800', '<script>alert(1)</script>',
    '', ' ', '1e3', '-5', '0x1F', '١٢٣', '99999999999999999999', 1e308, -0, Number.MAX_SAFE_INTEGER + 2, 0.5, -1, true, [], {}, null,
  ),
);

/** Objects nested `depth` levels deep (with an array at every level). */
function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = { a: value, list: [i] };
  return value;
}

/** A ticket id no reader could use: missing, not a number, not whole, not positive, not safe. */
const unusableId = fc.oneof(
  fc.constantFrom(undefined, null, 0, -1, -17, 1.5, 1e21, Number.MAX_SAFE_INTEGER + 2, '', ' ', 'abc', '12abc', '1e3', '0x1F', '١٢', '99999999999999999', true, false, [], [7], {}, { id: 7 }),
  fc.string({ maxLength: 12 }).filter((s) => !/^\s*\d+\s*$/.test(s)),
  fc.integer({ max: 0 }),
  fc.double({ noInteger: true }),
);

/** Event data without a usable ticket: not an object, no ticket object, or a ticket whose id is unusable. */
const garbageData = fc.oneof(
  odd.filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
  fc.record({ ticket: odd.filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)), requester: odd, changes: odd }, { requiredKeys: [] }),
  fc.record({
    ticket: fc.record({ id: unusableId, subject: odd, description: odd, priority: odd, tags: odd, custom_fields: odd, requester_id: odd, extra: odd }, { requiredKeys: ['id'] }),
    requester: odd,
    actor: fc.record({ id: fc.oneof(odd, fc.integer({ min: 1, max: 1000 })) }),
    changes: fc.oneof(odd, fc.dictionary(fc.constantFrom('status', 'priority', 'agent_id', 'group_id', 'type_name', 'x'), odd)),
  }),
);

const TICKET_KEYS = ['subject', 'description', 'description_text', 'priority', 'urgency', 'status', 'source', 'type', 'category', 'tags', 'custom_fields', 'requester_id', 'group_id', 'created_at', 'updated_at', 'spam', 'deleted', 'attachments', 'extra_field'] as const;

/** The fields of a real ticket, each missing, of the wrong type, unicode, huge or deep. */
const oddTicketFields = fc.dictionary(
  fc.constantFrom(...TICKET_KEYS),
  fc.oneof(
    odd,
    fc.string({ unit: 'grapheme', maxLength: 30 }).map((s) => `VPN ${s}`),
    fc.integer({ min: 1, max: 50 }).map((n) => '🚀 مرحبا e\u0301 \u0000 '.repeat(n * 10)),
    fc.integer({ min: 10, max: 300 }).map((depth) => nested(depth)),
    fc.array(odd, { maxLength: 5 }),
  ),
  { maxKeys: 8 },
);

describe('event payloads', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ events: false });
  });
  afterAll(async () => {
    await h.stop();
  });

  test('property: a create event without a usable ticket id ends cleanly, writes nothing and says why in the log', async () => {
    await fc.assert(
      fc.asyncProperty(garbageData, async (data) => {
        const mark = h.rt.logs.length;
        const before = writes(h).length;
        const result = await fire(h, 'onTicketCreate', data);
        await h.settle();
        expectCleanEnd(result);
        expect(writes(h)).toHaveLength(before);
        expect(linesSince(h, mark)).toContainEqual(expect.stringContaining('[create] payload has no usable ticket id; nothing to do'));
        expect(crashLines(h, mark)).toEqual([]);
      }),
      { numRuns: 50 },
    );
  });

  test('property: an update event without a usable ticket id ends cleanly, writes nothing and says why in the log', async () => {
    await fc.assert(
      fc.asyncProperty(garbageData, async (data) => {
        const mark = h.rt.logs.length;
        const before = writes(h).length;
        const ops = h.rt.stats.db.total;
        const result = await fire(h, 'onTicketUpdate', data);
        await h.settle();
        expectCleanEnd(result);
        expect(writes(h)).toHaveLength(before);
        expect(h.rt.stats.db.total).toBe(ops);
        expect(linesSince(h, mark)).toContainEqual(expect.stringContaining('[update] payload has no usable ticket id; nothing to do'));
        expect(crashLines(h, mark)).toEqual([]);
      }),
      { numRuns: 50 },
    );
  });
});

describe('odd tickets', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  test('property: a real ticket whose event has missing, extra, mistyped, unicode, huge or deep fields is triaged once', async () => {
    h = await startHarness({ events: false, iparams: { ack_template: 'Hi {{requester.name}}: "{{ticket.subject}}" ({{ticket.tags}}, {{ticket.type}})' } });
    const hh = h;
    // Past the first ticks, so tickets the handler hands to the sweep are swept within a minute.
    await hh.minutes(6);
    const ids: number[] = [];
    await fc.assert(
      fc.asyncProperty(oddTicketFields, fc.option(odd), async (fields, requester) => {
        await nextMinute(hh);
        const t = hh.createTicket({ subject: 'VPN drops every hour', description: 'I am working from home.' });
        ids.push(t.id);
        const mark = hh.rt.logs.length;
        const result = await fire(hh, 'onTicketCreate', { ticket: { subject: t.subject, ...fields, id: t.id }, ...(requester === null ? {} : { requester }) });
        await hh.settle();
        expectCleanEnd(result);
        expect(crashLines(hh, mark)).toEqual([]);
        // Recorded at once (finished, or in progress for the sweep), or queued behind a backlog the sweep is draining.
        const queued = linesSince(hh, mark).some((l) => l.includes(`ticket ${t.id} queued behind the backlog`));
        expect(hh.outcome(t.id) !== null || queued).toBe(true);
        expect(writes(hh, t.id).filter((c) => c.method === 'PUT').length).toBeLessThanOrEqual(1);
        expect(hh.appNotes(t.id).length).toBeLessThanOrEqual(1);
      }),
      { numRuns: 40 },
    );
    await hh.minutes(3);
    for (const id of ids) {
      expect({ id, state: hh.outcome(id)?.state }).toEqual({ id, state: expect.stringMatching(/^(done|failed|skipped)$/) });
      expect(writes(hh, id).filter((c) => c.method === 'PUT').length).toBeLessThanOrEqual(1);
      const notes = hh.appNotes(id);
      expect(notes.length).toBeLessThanOrEqual(1);
      for (const note of notes) expectInertHtml(note.body);
    }
    expect(crashLines(hh)).toEqual([]);
  }, 60_000);

  test('objects nested 3,000 levels deep in any field: the handler ends cleanly and the ticket is triaged', async () => {
    h = await startHarness({ events: false });
    for (const where of ['extra_field', 'subject', 'custom_fields', 'tags', 'requester'] as const) {
      await nextMinute(h);
      const t = h.createTicket({ subject: 'VPN drops every hour', description: 'At the office.' });
      const ticket: Record<string, unknown> = { id: t.id, subject: t.subject, requester_id: t.requester_id, status: 2, priority: 1, tags: [] };
      const data = where === 'requester' ? { ticket, requester: nested(3000) } : { ticket: { ...ticket, [where]: nested(3000) } };
      const result = await fire(h, 'onTicketCreate', data);
      await h.settle();
      expectCleanEnd(result);
      expect({ where, state: h.outcome(t.id)?.state }).toEqual({ where, state: 'done' });
      // "VPN to Network" still matched whatever else the payload carried (a deep subject reads as no subject).
      expect(h.outcome(t.id)?.rules.map((r) => r.name)).toEqual(where === 'subject' ? [] : ['VPN to Network']);
    }
    expect(crashLines(h)).toEqual([]);
  });

  test('emoji, right-to-left text, combining marks and NUL characters reach the note exactly as sent', async () => {
    h = await startHarness({ events: false, rules: { version: 1, rules: [] }, iparams: { ack_template: 'Re: {{ticket.subject}} / {{requester.name}}' } });
    const subject = 'VPN 🚀👩‍👩‍👧‍👦 \u202eمرحبا\u202c e\u0301\u0301\u0301 Z̴̡a̷l̸g̶o a\u0000b';
    const requester = h.fake.store.requesters.create({ first_name: 'Søren\u0000', last_name: 'שָׁלוֹם', primary_email: 'soren@corp.example' });
    const t = h.fake.store.tickets.create({ subject, description: '', requester_id: requester.id });
    const result = await fire(h, 'onTicketCreate', { ticket: { id: t.id, subject, requester_id: requester.id, status: 2, priority: 1, tags: [] }, requester: { id: requester.id, name: 'Søren\u0000 שָׁלוֹם', email: 'soren@corp.example' } });
    await h.settle();
    expectCleanEnd(result);
    const notes = h.appNotes(t.id);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.body).toContain(`Re: ${escaped(subject)} / ${escaped('Søren\u0000 שָׁלוֹם')}`);
    expect(h.outcome(t.id)?.state).toBe('done');
  });

  test('a description near the 256 KB payload limit is triaged; a 1 MB one never reaches the app and the safety check triages the ticket', async () => {
    h = await startHarness({ events: false });
    const events = captureEvents(h);
    await h.minutes(6);
    // 100 KB of HTML: the event carries it twice (description and description_text), about 200 KB.
    const near = h.createTicket({ subject: 'Laptop will not boot', description: `<p>I am working from home. ${'Lorem ipsum dolor sit amet. '.repeat(3700)}</p>` });
    const nearResult = await fire(h, 'onTicketCreate', eventFor(events, 'onTicketCreate', near.id));
    await h.settle();
    expectCleanEnd(nearResult);
    expect(h.outcome(near.id)?.rules.map((r) => r.name)).toEqual(['Remote staff']);
    expect(h.appNotes(near.id)).toHaveLength(1);

    await nextMinute(h);
    const huge = h.createTicket({ subject: 'VPN tunnel down', description: `<p>I am working from home. ${'x'.repeat(1024 * 1024)}</p>` });
    const refused = await fire(h, 'onTicketCreate', eventFor(events, 'onTicketCreate', huge.id));
    expect(refused).toMatchObject({ ok: false, via: 'refused', error: { status: 413 } });
    expect(h.outcome(huge.id)).toBeNull();
    // No event will come: the heartbeat's safety check finds the ticket and a sweep triages it.
    await h.minutes(8);
    expect(h.outcome(huge.id)).toMatchObject({ state: 'done', rules: [{ name: 'VPN to Network' }, { name: 'Remote staff' }] });
    expect(writes(h, huge.id).filter((c) => c.method === 'PUT')).toHaveLength(1);
    expect(h.appNotes(huge.id)).toHaveLength(1);
    expect(crashLines(h)).toEqual([]);
  }, 60_000);
});

describe('one requester, the same long alert again and again', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  test('the storage block fills with duplicate lists and is compacted: every alert and everyone else is still triaged', async () => {
    h = await startHarness({ rules: { version: 1, rules: [] } });
    const monitor = h.fake.store.requesters.create({ first_name: 'Monitoring', last_name: 'System', primary_email: 'alerts@corp.example' });
    const alerts: number[] = [];
    for (let i = 0; i < 30; i += 1) {
      await h.clock.advance(60_000);
      const t = h.createTicket({ subject: `[ALERT] Disk space on server db-prod-${i % 3} is below 10% on volume /var/lib/postgresql/data - please check now`, description: 'Automated alert from the monitoring system.', requester_id: monitor.id });
      alerts.push(t.id);
      await h.settle();
    }
    const others = [h.createTicket({ subject: 'Printer jammed on floor 2' }).id];
    await h.minutes(3);
    others.push(h.createTicket({ subject: 'Mouse is broken' }).id);
    await h.minutes(8);
    for (const id of [...alerts, ...others]) expect({ id, state: h.outcome(id)?.state }).toEqual({ id, state: 'done' });
    // Every alert after the first is noted (once) as a possible duplicate of earlier ones.
    for (const id of alerts.slice(1)) expect(h.appNotes(id)).toHaveLength(1);
    for (const id of alerts) {
      const block = h.rt.db.get(blockKey(id)) ?? {};
      expect(JSON.stringify(block).length).toBeLessThan(40 * 1024);
    }
    // The sidebar still shows an early alert's duplicates after its record was slimmed.
    const view = (await h.rt.invokeServerMethod('getTicketInsights', { ticket_id: alerts[5] as number })).response as Insights;
    expect(view.duplicates.length).toBeGreaterThan(0);
    expect(view.state).toBe('done');
    expect(crashLines(h)).toEqual([]);
  }, 60_000);
});

describe('server methods given junk', () => {
  const METHODS = ['getTicketInsights', 'rerunTriage', 'dismissDuplicate', 'postAcknowledgement', 'refreshRequesterTickets', 'checkSettings'] as const;
  const junk = fc.oneof(odd, unusableId, fc.integer({ min: 1, max: 400 }), fc.constantFrom('12', ' 7 ', '__proto__', 'constructor'), fc.constant(nested(50)));
  const args = fc.dictionary(fc.constantFrom('ticket_id', 'duplicate_id', 'requester_id', 'requester_name', 'requester_email', 'settings', 'key_stored', '__proto__', 'iparams', 'x'), junk, { maxKeys: 5 });
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ iparams: { ack_template: 'We are on it, {{requester.first_name}}.' } });
    h.createTicket({ subject: 'VPN drops every hour' });
    await h.settle();
  });
  afterAll(async () => {
    await h.stop();
  });

  test('property: every sidebar and install-page method answers junk with a status and a sentence, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...METHODS), args, async (method, payload) => {
        // A fresh minute: the 50 server-method calls and the agents' action slots are per minute.
        await h.clock.advance(60_000);
        const mark = h.rt.logs.length;
        const answer: { status: unknown; response?: Record<string, unknown>; message?: unknown } = await h.rt.invokeServerMethod(method, payload).then(
          (ok) => ({ status: ok.status, response: ok.response as Record<string, unknown> }),
          (failure: { status?: unknown; message?: unknown }) => ({ status: failure.status, message: failure.message }),
        );
        if (answer.status === 200) {
          expect(typeof answer.response).toBe('object');
          if (method === 'checkSettings') expect(typeof answer.response?.ok).toBe('boolean');
        } else {
          expect([400, 409, 429, 502]).toContain(answer.status);
          expect(answer.message).toEqual(expect.stringMatching(/^\S.{10,300}$/s));
          expect(answer.message).not.toMatch(/TypeError|undefined|\[object|\n\s+at /);
        }
        expect(crashLines(h, mark)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});
