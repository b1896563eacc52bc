import { afterEach, describe, expect, test } from 'vitest';
import type { Insights } from '../../../core/insights.ts';
import { startHarness, type Harness } from '../../../devkit/harness/index.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function insights(h: Harness, ticketId: number): Promise<Insights> {
  return (await h.rt.invokeServerMethod('getTicketInsights', { ticket_id: ticketId })).response as Insights;
}

describe('getTicketInsights', () => {
  test('one server method, one $db read, no API call; shows rules, changes and duplicates', async () => {
    h = await startHarness();
    const first = h.createTicket({ subject: 'VPN keeps dropping on my laptop', description: 'The VPN drops every ten minutes.' });
    await h.settle();
    const dup = h.createTicket({ subject: 'VPN dropping on laptop', description: 'My VPN drops every ten minutes.' });
    await h.settle();
    const api = h.appCalls().length;
    const reads = h.rt.stats.db.byOp.get;
    const all = h.rt.stats.db.total;
    const view = await insights(h, dup.id);
    expect(h.appCalls().length).toBe(api);
    expect(h.rt.stats.db.byOp.get - reads).toBe(1);
    expect(h.rt.stats.db.total - all).toBe(1);
    expect(view.known).toBe(true);
    expect(view.rules.map((r) => r.name)).toEqual(['VPN to Network']);
    expect(view.changes.find((c) => c.field === 'priority')).toMatchObject({ to: 3, rule: 'VPN to Network' });
    expect(view.duplicates.map((d) => d.id)).toEqual([first.id]);
    expect(view.health).toMatchObject({ plan: 'starter', share: 50, callsPerMinute: 50, key: 'ok', deferred: null });
  });

  test('a ticket the app never processed is reported as unseen, not as an error', async () => {
    h = await startHarness();
    const view = await insights(h, 12);
    expect(view).toMatchObject({ known: false, state: 'unseen' });
  });

  test('storage at its per-minute limit answers 429 with when to try again, and the next minute works', async () => {
    h = await startHarness();
    const t = h.createTicket({ subject: 'VPN keeps dropping on my laptop', description: 'The VPN drops.' });
    await h.settle();
    h.rt.faults.dbRateLimited = 1;
    const refused = await h.rt.invokeServerMethod('getTicketInsights', { ticket_id: t.id }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 429, message: expect.stringMatching(/^Ticket Radar's storage is at its limit of 50 operations this minute; try again in \d+ s\.$/) });
    expect(JSON.stringify(refused)).not.toContain(h.apiKey);
    h.rt.faults.dbRateLimited = 0;
    expect((await insights(h, t.id)).known).toBe(true);
  });

  test('a bad ticket id is refused with status 400 and a message', async () => {
    h = await startHarness();
    await expect(h.rt.invokeServerMethod('getTicketInsights', { ticket_id: 'abc' })).rejects.toMatchObject({ status: 400, message: 'ticket_id must be a positive whole number.' });
  });
});

describe('sidebar actions', () => {
  test('"Not a duplicate" is remembered', async () => {
    h = await startHarness({ rules: { version: 1, rules: [] } });
    const first = h.createTicket({ subject: 'Outlook asks for my password', description: 'Outlook prompts for the password all the time.' });
    await h.settle();
    const dup = h.createTicket({ subject: 'Outlook asking for password', description: 'Outlook prompts for my password all the time.' });
    await h.settle();
    await h.rt.invokeServerMethod('dismissDuplicate', { ticket_id: dup.id, duplicate_id: first.id });
    expect((await insights(h, dup.id)).duplicates).toEqual([expect.objectContaining({ id: first.id, dismissed: true })]);
    await expect(h.rt.invokeServerMethod('dismissDuplicate', { ticket_id: dup.id, duplicate_id: -1 })).rejects.toMatchObject({ status: 400 });
  });

  test('re-run triage applies rules added since the ticket was created and reports its cost', async () => {
    h = await startHarness({ rules: { version: 1, rules: [] } });
    const t = h.createTicket({ subject: 'Tunnel to the datacenter is slow', priority: 1 });
    await h.settle();
    expect(h.appCalls('PUT')).toHaveLength(0);
    await h.updateSettings({ rules: JSON.stringify({ version: 1, rules: [{ name: 'Tunnel', on: 'create', when: { field: 'subject', op: 'contains_any', value: ['tunnel'] }, then: { priority: 3 } }] }) });
    const result = (await h.rt.invokeServerMethod('rerunTriage', { ticket_id: t.id })).response as { rules: string[]; cost: { calls: number } };
    expect(result.rules).toEqual(['Tunnel']);
    expect(result.cost.calls).toBe(3);
    expect(h.fake.store.tickets.get(t.id)?.priority).toBe(3);
    expect((await insights(h, t.id)).via).toBe('rerun');
  });

  test('post the acknowledgement once; refuse a second time and when no template is set', async () => {
    h = await startHarness({ iparams: { ack_template: 'Hello {{requester.name}}, we are on "{{ticket.subject}}".' }, rules: { version: 1, rules: [] } });
    const t = h.createTicket({ subject: 'Printer <b>jam</b>' });
    await h.settle();
    // The create already posted the acknowledgement in its note.
    await expect(h.rt.invokeServerMethod('postAcknowledgement', { ticket_id: t.id })).rejects.toMatchObject({ status: 409 });
    await h.updateSettings({ ack_template: '' });
    await expect(h.rt.invokeServerMethod('postAcknowledgement', { ticket_id: t.id })).rejects.toMatchObject({ status: 400 });
    const notes = h.appNotes(t.id);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.body).toContain('Printer &lt;b&gt;jam&lt;/b&gt;');
  });

  test('post the acknowledgement from the sidebar when the create did not', async () => {
    h = await startHarness({ rules: { version: 1, rules: [] } });
    const t = h.createTicket({ subject: 'Keyboard missing keys' });
    await h.settle();
    await h.updateSettings({ ack_template: 'We got it.' });
    const result = (await h.rt.invokeServerMethod('postAcknowledgement', { ticket_id: t.id })).response as { noteId: number };
    expect(result.noteId).toBeGreaterThan(0);
    expect((await insights(h, t.id)).ack.state).toBe('done');
    await expect(h.rt.invokeServerMethod('postAcknowledgement', { ticket_id: t.id })).rejects.toMatchObject({ status: 409 });
  });

  test("refresh the requester's open tickets, with its cost", async () => {
    h = await startHarness({ rules: { version: 1, rules: [] } });
    const a = h.createTicket({ subject: 'First problem', status: 2 });
    const b = h.createTicket({ subject: 'Second problem', status: 3, requester_id: a.requester_id });
    await h.settle();
    const result = (await h.rt.invokeServerMethod('refreshRequesterTickets', { ticket_id: b.id, requester_id: a.requester_id })).response as { requester: { open: Array<{ id: number }> }; cost: { calls: number } };
    expect(result.requester.open.map((t) => t.id)).toContain(a.id);
    expect(result.requester.open.map((t) => t.id)).not.toContain(b.id);
    expect(result.cost.calls).toBe(1);
    expect((await insights(h, b.id)).requester?.open.map((t) => t.id)).toContain(a.id);
  });

  test("agents' actions share two slots a minute; the third is refused with when to retry", async () => {
    h = await startHarness({ rules: { version: 1, rules: [] } });
    const t = h.createTicket({ subject: 'Anything' });
    await h.settle();
    const refresh = () => h!.rt.invokeServerMethod('refreshRequesterTickets', { ticket_id: t.id, requester_id: t.requester_id });
    await refresh();
    await refresh();
    await expect(refresh()).rejects.toMatchObject({ status: 429, message: expect.stringMatching(/try again in \d+ s/) });
    await h.clock.advance(60_000);
    await expect(refresh()).resolves.toBeDefined();
  });

  test('checkSettings reports schema errors the browser cannot check, without touching $db', async () => {
    h = await startHarness();
    const ops = h.rt.stats.db.total;
    const bad = (await h.rt.invokeServerMethod('checkSettings', { settings: { api_key: 'abcdefghijkl', plan: 'starter', budget_share: 50, rules: '{"version":1,"rules":[{"name":"x"}]}' } })).response as { ok: boolean; ruleErrors: Array<{ path: string }> };
    expect(bad.ok).toBe(false);
    expect(bad.ruleErrors.length).toBeGreaterThan(0);
    const good = (await h.rt.invokeServerMethod('checkSettings', { settings: { api_key: '', plan: 'pro', budget_share: 20 }, key_stored: true })).response as { ok: boolean; budget: { credits: number } };
    expect(good).toMatchObject({ ok: true, budget: { credits: 80 } });
    expect(h.rt.stats.db.total).toBe(ops);
  });
});
