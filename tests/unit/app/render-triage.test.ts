// @vitest-environment happy-dom
/** The triage section and its actions: state, rules and why, changes by name, empty and problem states. */
import { describe, expect, test } from 'vitest';
import { ackBlocked } from '../../../app/src/render/triage-actions.ts';
import { renderTriage } from '../../../app/src/render/triage.ts';
import { context, insights, MIN, NASTY, NOW, text, unseen, view } from './fixtures.ts';

describe('renderTriage', () => {
  test('renders a section labelled by its heading, with the state badge', () => {
    const el = renderTriage(insights(), view());
    expect(el.tagName).toBe('SECTION');
    const heading = el.querySelector('h2');
    expect(heading?.textContent).toBe('Triage');
    expect(el.getAttribute('aria-labelledby')).toBe(heading?.id);
    expect(el.querySelector('fw-label')?.getAttribute('value')).toBe('Triaged');
    expect(el.querySelector('fw-label')?.getAttribute('color')).toBe('green');
  });

  test('says when and how the ticket was processed', () => {
    const el = renderTriage(insights({ via: 'sweep' }), view());
    expect(text(el.querySelector('.radar-meta'))).toBe('Processed 3 min ago by a catch-up sweep.');
    expect(el.querySelector('time')?.getAttribute('datetime')).toBe(new Date(NOW - 3 * MIN).toISOString());
  });

  test('lists matched rules with why, and changes old → new by name', () => {
    const el = renderTriage(insights(), view());
    const rules = el.querySelector('ul.radar-rules');
    expect(rules?.getAttribute('role')).toBe('list');
    expect(text(rules?.querySelector('.radar-rule__name'))).toBe('VPN to Network');
    expect(text(rules?.querySelector('.radar-rule__why'))).toBe('subject contains “vpn”');
    const changes = [...el.querySelectorAll('.radar-change')].map((li) => text(li));
    expect(changes).toEqual([
      'Priority: Low → High (rule “VPN to Network”)',
      'Group: none → Network Team (rule “VPN to Network”)',
    ]);
    expect(text(el)).toContain('A private note explains this on the ticket.');
  });

  test('changes whose update is still to be sent are not shown as made', () => {
    const applied = renderTriage(insights(), view());
    expect(text(applied.querySelector('.radar-changes h3'))).toBe('What changed');
    for (const update of ['todo', 'intent'] as const) {
      const el = renderTriage(insights({ state: 'partial', update }), view());
      expect(text(el.querySelector('.radar-changes h3'))).toBe('Changes still to make');
      expect(text(el)).toContain('Some of the work is still to do; the app finishes it with its next sweep.');
    }
  });

  test('unknown ids and codes still read well', () => {
    const el = renderTriage(insights({ changes: [{ field: 'group_id', from: 3, to: 99 }, { field: 'status', from: 2, to: 7 }, { field: 'urgency', from: 1, to: 3 }, { field: 'custom_thing', from: 'a', to: 'b' }] }), view({ ctx: context({ groups: {} }) }));
    expect([...el.querySelectorAll('.radar-change')].map((li) => text(li))).toEqual([
      'Group: group 3 → group 99', 'Status: Open → Status 7', 'Urgency: Low → High', 'custom thing: a → b',
    ]);
  });

  test('no rule matched says so', () => {
    const el = renderTriage(insights({ rules: [], changes: [], note: 'none' }), view());
    expect(text(el.querySelector('.radar-empty'))).toBe('No rule matched this ticket.');
    expect(el.querySelector('.radar-changes')).toBeNull();
  });

  test.each([
    ['partial', 'Partly done', 'yellow', 'finishes it with its next sweep'],
    ['failed', 'Failed', 'red', 'Re-run triage to try again'],
    ['skipped', 'Skipped', 'grey', 'skipped this ticket'],
  ] as const)('state %s is shown clearly with the error in words', (state, label, color, words) => {
    const el = renderTriage(insights({ state, error: { kind: 'rate_limited', message: "Freshservice's API limit for the account was reached (429).", at: NOW } }), view());
    expect(el.querySelector('fw-label')?.getAttribute('value')).toBe(label);
    expect(el.querySelector('fw-label')?.getAttribute('color')).toBe(color);
    const problem = el.querySelector(`.radar-problem--${state}`);
    expect(text(problem)).toContain(words);
    expect(text(problem)).toContain("Freshservice's API limit for the account was reached (429).");
  });

  test('a ticket the app has not processed yet: says what will happen', () => {
    const el = renderTriage(unseen(), view());
    expect(el.querySelector('fw-label')?.getAttribute('value')).toBe('Not processed yet');
    expect(text(el.querySelector('.radar-empty'))).toBe('Ticket Radar has not processed this ticket yet. It does so within a minute of creation.');
    expect(text(el.querySelector('[data-focus="rerun"]'))).toBe('Run triage now');
  });

  test('an old ticket the app never saw: suggests running triage', () => {
    const el = renderTriage(unseen(), view({ ctx: context({ createdAt: NOW - 3 * 24 * 60 * MIN }) }));
    expect(text(el.querySelector('.radar-empty'))).toContain('created before the app was installed. Run triage to process it now.');
  });

  test('a ticket held by deferred work says why it waits', () => {
    const held = unseen({ health: { ...insights().health!, deferred: { since: NOW - 10 * MIN, reason: 'rate_limited' } } });
    expect(text(renderTriage(held, view()).querySelector('.radar-empty'))).toBe("Ticket Radar has not processed this ticket yet: its work is waiting because Freshservice's limit for the account was reached (429). It catches up on its own.");
    // Deferred work that began after the ticket was created is not what holds it.
    const later = unseen({ health: { ...insights().health!, deferred: { since: NOW, reason: 'busy' } } });
    expect(text(renderTriage(later, view()).querySelector('.radar-empty'))).toContain('within a minute of creation');
  });

  test('rule names and reasons are text, never markup', () => {
    const el = renderTriage(insights({ rules: [{ name: NASTY, why: [NASTY] }], changes: [{ field: 'type', from: NASTY, to: 'Incident', rule: NASTY }] }), view());
    expect(el.querySelector('img')).toBeNull();
    expect(text(el.querySelector('.radar-rule__name'))).toBe(NASTY);
    expect(text(el)).toContain(`Type: ${NASTY} → Incident`);
  });
});

describe('triage actions', () => {
  test('re-run and acknowledge buttons call their handlers on fwClick', () => {
    const v = view();
    const el = renderTriage(insights(), v);
    el.querySelector('[data-focus="rerun"]')?.dispatchEvent(new CustomEvent('fwClick'));
    el.querySelector('[data-focus="ack"]')?.dispatchEvent(new CustomEvent('fwClick'));
    expect(v.handlers.rerun).toHaveBeenCalledTimes(1);
    expect(v.handlers.acknowledge).toHaveBeenCalledTimes(1);
    expect(el.querySelector('[data-focus="ack"]')?.hasAttribute('disabled')).toBe(false);
    expect(el.querySelector('.radar-actions')?.getAttribute('role')).toBe('group');
  });

  test('a running action shows its button loading and disabled', () => {
    const el = renderTriage(insights(), view({ busy: new Set(['rerun']) }));
    const button = el.querySelector('[data-focus="rerun"]');
    expect(button?.hasAttribute('disabled')).toBe(true);
    expect(button?.hasAttribute('loading')).toBe(true);
  });

  test.each([
    [{ state: 'none', configured: false }, 'No acknowledgement template is set up. An admin can add one in the app settings.'],
    [{ state: 'done', configured: true }, 'The acknowledgement is already posted on this ticket.'],
    [{ state: 'intent', configured: true }, 'The app is posting the acknowledgement now.'],
    [{ state: 'todo', configured: true }, 'The app posts the acknowledgement with its next sweep.'],
  ] as const)('acknowledgement %o is disabled with the reason', (ack, reason) => {
    const el = renderTriage(insights({ ack }), view());
    expect(el.querySelector('[data-focus="ack"]')?.hasAttribute('disabled')).toBe(true);
    expect(text(el.querySelector('[data-hint="ack"]'))).toBe(reason);
    expect(ackBlocked(ack)).toBe(reason);
  });

  test('acknowledgement possible: no hint', () => {
    expect(ackBlocked({ state: 'none', configured: true })).toBeNull();
    expect(renderTriage(insights(), view()).querySelector('[data-hint="ack"]')).toBeNull();
  });
});
