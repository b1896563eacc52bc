/**
 * Shared pieces of the abuse suite. Events are the fake's own payloads, kept instead of delivered
 * (harness started with `events: false`) so that a test decides when, how often and how
 * concurrently the runtime delivers them; plus the checks every abuse test makes: the invocation
 * ended on its own, no crash in the logs, which writes reached Freshservice, and note HTML that
 * carries nothing executable.
 */
import { expect } from 'vitest';
import type { TicketEvent } from '../../../devkit/fake-freshservice/index.ts';
import type { Harness } from '../../../devkit/harness/index.ts';
import type { InvocationResult } from '../../../devkit/runtime/index.ts';

/** Ticket events the fake emits, kept (start the harness with `events: false`). */
export function captureEvents(h: Harness): TicketEvent[] {
  const events: TicketEvent[] = [];
  h.fake.events.on('*', (e) => events.push(structuredClone(e)));
  return events;
}

/** The last `name` event the fake emitted for a ticket (a copy). */
export function eventFor(events: readonly TicketEvent[], name: TicketEvent['event'], ticketId: number): TicketEvent['data'] {
  const found = [...events].reverse().find((e) => e.event === name && e.data.ticket.id === ticketId);
  if (found === undefined) throw new Error(`no ${name} event for ticket ${ticketId}`);
  return structuredClone(found.data);
}

/** Delivers a product event through the runtime, as the platform does. */
export function fire(h: Harness, event: 'onTicketCreate' | 'onTicketUpdate', data: unknown): Promise<InvocationResult> {
  return h.rt.fireProductEvent('service_ticket', event, data);
}

/** Log lines that mean an invocation crashed: a handler that threw or timed out, a stack trace, a raw JS error. */
export function crashLines(h: Harness, from = 0): string[] {
  return h.rt.logs
    .slice(from)
    .filter((l) => /failed \(via (threw|timeout)|unhandled|threw while loading|execution timeout/i.test(l.message) || /\n\s+at\s/.test(l.message) || /\b(TypeError|RangeError|ReferenceError|SyntaxError|InternalError)\b/.test(l.message))
    .map((l) => `${l.level} ${l.source}: ${l.message.slice(0, 300)}`);
}

/** Log lines (app and runtime) written since `from`. */
export function linesSince(h: Harness, from: number): string[] {
  return h.rt.logs.slice(from).map((l) => l.message);
}

/** The handler ran and ended on its own (its promise resolved): no throw, no rejection, no timeout. */
export function expectCleanEnd(result: InvocationResult): void {
  expect({ ok: result.ok, via: result.via, error: result.error }).toEqual({ ok: true, via: 'resolved', error: undefined });
}

/** PUTs and POSTs the app sent to the fake (its writes), optionally for one ticket only. */
export function writes(h: Harness, ticketId?: number): Array<{ method: string; path: string; status: number }> {
  const own = ticketId === undefined ? /./ : new RegExp(`/tickets/${ticketId}(/|$)`);
  return h.appCalls().filter((c) => (c.method === 'PUT' || c.method === 'POST') && own.test(c.path));
}

/** Moves virtual time to `seconds` past the start of the next minute, so the minute's slots are fresh. */
export async function nextMinute(h: Harness, seconds = 5): Promise<void> {
  const now = h.clock.now();
  await h.clock.advance(60_000 - (now % 60_000) + seconds * 1000);
  await h.settle();
}

/** Lets the host event loop turn until `ready()` holds (invocations run on real I/O). */
export async function until(ready: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000 && !ready(); i++) await new Promise((resolve) => setImmediate(resolve));
  if (!ready()) throw new Error(`timed out waiting for ${what}`);
}

/** Text as a note escapes it (see core/templates.ts composeNote): what an agent then reads as text. */
export function escaped(text: string): string {
  const map: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
  return text.replace(/[&<>"']/g, (c) => map[c] as string);
}

/** The tags a note is built from (core/templates.ts): anything else would be markup a ticket smuggled in. */
const NOTE_TAGS = new Set(['p', 'strong', 'br', 'ul', 'li', 'a']);

/** Note HTML carries no script, no event handler attribute, no link other than http(s), no foreign tag. */
export function expectInertHtml(body: string): void {
  expect(body).not.toMatch(/<script/i);
  expect(body).not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i);
  expect(body).not.toMatch(/<a\b[^>]*href="(?!https?:)/i);
  const tags = [...body.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((m) => (m[1] as string).toLowerCase());
  expect(tags.filter((t) => !NOTE_TAGS.has(t))).toEqual([]);
}
