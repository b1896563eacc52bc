/**
 * Abuse: HTML and script wherever text can enter a note. Ticket fields (subject, description,
 * requester name and email, tags, type and categories, custom fields), the admin's rule names,
 * rule values and note templates, the acknowledgement template, duplicates' subjects, and tickets
 * read back from the API by the sidebar actions. Every note the app posts shows that text, escaped,
 * and carries no markup of its own beyond the note's few tags.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { startHarness, type Harness } from '../../../devkit/harness/index.ts';
import { crashLines, escaped, expectInertHtml } from './helpers.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const SUBJECT = `VPN <script>alert('subject')</script> & "quoted" <img src=x onerror=alert(1)>`;
/** One word: templates' `requester.first_name` is the name's first word. */
const FIRST = `<img/src=x/onerror=alert('name')>`;
const LAST = `"><script>alert(2)</script>`;
const EMAIL = `"<svg/onload=alert(3)>"@corp.example`;
const TAG = '<i onmouseover=alert(4)>tag</i>';
const CATEGORY = '<u>Network</u>';
const SUB_CATEGORY = '<s>VPN</s>';
/** The description as HTML that shows markup as text: its plain text holds a literal tag. */
const DESCRIPTION = '<p>&lt;img src=y onerror=alert(5)&gt; my laptop cannot connect</p>';
const ASSET = '<svg onload=alert(6)>';

const TRIAGE_RULE = `<script>alert("rule")</script> VPN`;
const DESCRIPTION_RULE = '<img src=z onerror=alert(7)>';
const ASSET_RULE = '"><svg onload=alert(8)>';
const ESCALATION_RULE = '<a href="javascript:alert(9)">urgent</a>';
const TEMPLATE_TEXT = '<iframe src="javascript:alert(10)"></iframe>';
const ACK_TEXT = '<script>document.cookie</script>';

const RULES = {
  version: 1,
  rules: [
    {
      name: TRIAGE_RULE,
      on: 'create',
      when: { field: 'subject', op: 'contains_any', value: ['<script>', 'vpn'] },
      then: {
        priority: 3,
        tags_add: ['<b>net</b>'],
        note: `${TEMPLATE_TEXT} Subject: {{ticket.subject}} | From: {{requester.name}} <{{requester.email}}> ({{requester.first_name}}) | Tags: {{ticket.tags}} | {{ticket.category}} / {{ticket.sub_category}} | Matched: {{matched}} | Rule: {{rule}}{{#each duplicates}} | dup {{subject}}{{/each}}`,
      },
    },
    { name: DESCRIPTION_RULE, on: 'create', when: { field: 'description_text', op: 'matches', value: '<img[^>]{0,60}>' }, then: { note: 'Description shows: {{matched}}' } },
    { name: ASSET_RULE, on: 'create', when: { field: 'custom_fields.asset_tag', op: 'matches', value: '<svg[^>]{0,60}>' }, then: { note: 'Asset tag: {{matched}}' } },
    { name: ESCALATION_RULE, on: 'update', when: { field: 'changes.priority', op: 'changed', to: 4 }, then: { urgency: 3, note: 'Escalated "{{ticket.subject}}" for {{requester.name}}' } },
  ],
};

describe('markup in every text that reaches a note', () => {
  test('triage, duplicate, escalation and sidebar notes show the text escaped and carry nothing executable', async () => {
    h = await startHarness({ rules: RULES, iparams: { ack_template: `${ACK_TEXT} Hello {{requester.first_name}}, re: {{ticket.subject}}` } });
    const requester = h.fake.store.requesters.create({ first_name: FIRST, last_name: LAST, primary_email: EMAIL });
    const first = h.createTicket({ subject: SUBJECT, description: DESCRIPTION, requester_id: requester.id, tags: [TAG], category: CATEGORY, sub_category: SUB_CATEGORY, custom_fields: { asset_tag: ASSET }, priority: 1 });
    await h.settle();
    await h.clock.advance(60_000);
    const copy = h.createTicket({ subject: `${SUBJECT} again`, description: DESCRIPTION, requester_id: requester.id, priority: 1 });
    await h.settle();
    // An agent raises the first ticket to urgent: the escalation rule notes it.
    h.fake.store.tickets.update(first.id, { priority: 4 }, { actor: h.fake.keys.agentIds.agent });
    await h.settle();
    // From the sidebar: re-run triage, which reads the ticket back from the API.
    await h.clock.advance(60_000);
    await h.rt.invokeServerMethod('rerunTriage', { ticket_id: first.id });

    const firstNotes = h.appNotes(first.id).map((n) => n.body);
    const copyNotes = h.appNotes(copy.id).map((n) => n.body);
    expect(firstNotes).toHaveLength(3); // triage (with the acknowledgement), escalation, re-run
    expect(copyNotes).toHaveLength(1);
    for (const body of [...firstNotes, ...copyNotes]) expectInertHtml(body);

    const [triage, escalation, rerun] = firstNotes as [string, string, string];
    const name = `${FIRST} ${LAST}`;
    for (const text of [
      `Rule "${TRIAGE_RULE}"`, TEMPLATE_TEXT, `Subject: ${SUBJECT}`, `From: ${name} <${EMAIL}> (${FIRST})`, `Tags: ${TAG}`, `${CATEGORY} / ${SUB_CATEGORY}`, 'Matched: <script>, vpn', `Rule: ${TRIAGE_RULE}`,
      `Rule "${DESCRIPTION_RULE}"`, 'Description shows: <img src=y onerror=alert(5)>',
      `Rule "${ASSET_RULE}"`, `Asset tag: ${ASSET}`,
      `${ACK_TEXT} Hello ${FIRST}, re: ${SUBJECT}`,
    ]) {
      expect(triage).toContain(escaped(text));
    }
    expect(escalation).toContain(escaped(`Rule "${ESCALATION_RULE}"`));
    expect(escalation).toContain(escaped(`Escalated "${SUBJECT}" for ${name}`));
    // Read back from the API, with the requester embedded: name and email are there, escaped.
    expect(rerun).toContain(escaped(`Subject: ${SUBJECT} | From: ${name} <${EMAIL}> (${FIRST})`));
    expect(rerun).toContain(escaped(`Tags: ${TAG}, <b>net</b>`));
    // The copy's note names the first ticket as a possible duplicate: its subject is a link label.
    expect(copyNotes[0]).toContain(escaped(`dup ${SUBJECT}`));
    expect(copyNotes[0]).toMatch(new RegExp(`<a href="http://127\\.0\\.0\\.1:\\d+/a/tickets/${first.id}"[^>]*>#${first.id} ${escaped(SUBJECT).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}</a>`));
    // The tags the app wrote are data, not markup: stored as sent.
    expect(h.fake.store.tickets.get(first.id)?.tags).toEqual(expect.arrayContaining([TAG, '<b>net</b>']));
    expect(crashLines(h)).toEqual([]);
  });

  test('the sidebar acknowledgement escapes ticket text read back from the API', async () => {
    h = await startHarness({ rules: { version: 1, rules: [] } });
    const requester = h.fake.store.requesters.create({ first_name: FIRST, last_name: LAST, primary_email: EMAIL });
    const t = h.createTicket({ subject: SUBJECT, requester_id: requester.id, tags: [TAG] });
    await h.settle();
    await h.updateSettings({ ack_template: `${ACK_TEXT}\n{{requester.name}} <{{requester.email}}>: {{ticket.subject}} [{{ticket.tags}}]` });
    await h.rt.invokeServerMethod('postAcknowledgement', { ticket_id: t.id });
    const notes = h.appNotes(t.id);
    expect(notes).toHaveLength(1);
    const body = notes[0]?.body ?? '';
    expectInertHtml(body);
    // Line breaks in the template become <br>, everything else is text.
    expect(body).toContain(`${escaped(ACK_TEXT)}<br>${escaped(`${FIRST} ${LAST} <${EMAIL}>: ${SUBJECT} [${TAG}]`)}`);
  });
});
