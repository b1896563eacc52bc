/**
 * What the sidebar's buttons do. Each action calls its server method once with its button
 * disabled, confirms with a notification (`showNotify`, success or danger, in words), announces the
 * same to screen readers, and then reloads the insights once, except "Refresh", whose answer
 * already is the new requester section.
 */
import type { NotifyType, RadarApi } from './client';
import { readRequester, type TicketContext } from './context';
import { failureText, toFailure } from './errors';
import { plural } from './format';
import { readRequesterSnapshot, type SidebarInsights } from './insights';
import type { Handlers } from './render/view';

export interface ActionHost {
  api: RadarApi;
  ctx(): TicketContext | null;
  busy: Set<string>;
  render(): void;
  announce(text: string): void;
  reload(): void;
  setRequester(snapshot: SidebarInsights['requester'], calls: number): void;
}

interface Outcome {
  type: NotifyType;
  text: string;
}

interface ActionSpec {
  key: string;
  method: string;
  payload: Record<string, unknown>;
  running: string;
  done(result: unknown): Outcome;
  after(result: unknown): void;
}

type Obj = Record<string, unknown>;

function obj(value: unknown): Obj {
  return typeof value === 'object' && value !== null ? (value as Obj) : {};
}

/** API calls an action reports it spent (`cost.calls`), 0 when it does not say. */
export function costCalls(result: unknown): number {
  const calls = obj(obj(result).cost).calls;
  return typeof calls === 'number' && calls >= 0 ? calls : 0;
}

function finish(host: ActionHost, outcome: Outcome): void {
  host.api.notify(outcome.type, outcome.text);
  host.announce(outcome.text);
}

export function runAction(host: ActionHost, spec: ActionSpec): void {
  if (host.busy.has(spec.key)) return;
  host.busy.add(spec.key);
  host.render();
  host.announce(spec.running);
  host.api.invoke(spec.method, spec.payload).then(
    (result) => {
      host.busy.delete(spec.key);
      finish(host, spec.done(result));
      spec.after(result);
    },
    (error: unknown) => {
      host.busy.delete(spec.key);
      finish(host, { type: 'danger', text: failureText(toFailure(error)) });
      host.render();
    },
  );
}

/** "Triage re-run: matched “VPN to Network”; 2 fields changed (3 API calls)." */
export function rerunMessage(result: unknown): Outcome {
  const r = obj(result);
  const calls = plural(costCalls(result), 'API call');
  if (r.state === 'failed') return { type: 'danger', text: `Triage re-run failed: ${String(obj(r.error).message ?? 'unknown error')} (${calls}).` };
  const rules = Array.isArray(r.rules) ? r.rules.map(String) : [];
  const changed = Array.isArray(r.changes) ? r.changes.length : 0;
  const matched = rules.length === 0 ? 'no rule matched' : `matched ${rules.map((n) => `“${n}”`).join(', ')}`;
  const fields = changed === 0 ? 'nothing changed' : `${plural(changed, 'field')} changed`;
  return { type: 'success', text: `Triage re-run: ${matched}; ${fields} (${calls}).` };
}

function ackMessage(result: unknown): Outcome {
  return { type: 'success', text: `Acknowledgement posted as a private note (${plural(costCalls(result), 'API call')}).` };
}

function ticketOf(host: ActionHost): number {
  return host.ctx()?.ticketId ?? 0;
}

function refreshRequester(host: ActionHost): void {
  const ctx = host.ctx();
  if (ctx === null) return;
  readRequester(host.api, ctx).then(
    (requester) => runAction(host, {
      key: 'refresh',
      method: 'refreshRequesterTickets',
      payload: { ticket_id: ctx.ticketId, requester_id: requester.id, requester_name: requester.name, requester_email: requester.email },
      running: `Looking up ${requester.name || 'the requester'}'s open tickets…`,
      done: (result) => ({ type: 'success', text: `Refreshed the requester's open tickets: ${plural(costCalls(result), 'API call')}.` }),
      after: (result) => host.setRequester(readRequesterSnapshot(obj(result).requester), costCalls(result)),
    }),
    () => host.announce('The requester could not be read from the page.'),
  );
}

export function createHandlers(host: ActionHost): Handlers {
  const reload = (): void => host.reload();
  return {
    rerun: () => runAction(host, { key: 'rerun', method: 'rerunTriage', payload: { ticket_id: ticketOf(host) }, running: 'Re-running triage…', done: rerunMessage, after: reload }),
    acknowledge: () => runAction(host, { key: 'ack', method: 'postAcknowledgement', payload: { ticket_id: ticketOf(host) }, running: 'Posting the acknowledgement…', done: ackMessage, after: reload }),
    dismiss: (id) => runAction(host, {
      key: `dismiss:${id}`,
      method: 'dismissDuplicate',
      payload: { ticket_id: ticketOf(host), duplicate_id: id },
      running: `Marking ticket #${id} as not a duplicate…`,
      done: () => ({ type: 'success', text: `Ticket #${id} marked as not a duplicate.` }),
      after: reload,
    }),
    refreshRequester: () => refreshRequester(host),
  };
}
