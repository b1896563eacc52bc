/**
 * The soak's events, deterministic from a seed: ticket creations (the benchmark's realistic email
 * tickets, `bench/workload.ts`, with their ground truth) arriving over a span of minutes with a
 * few storms on top, and agents' updates of those tickets (status moves, priority raises, group
 * moves, reopenings) in between.
 *
 * An update event names an *intent*; the driver turns it into a change that fires an event given
 * the ticket's state at that moment (you cannot reopen an open ticket) and records what the
 * app's update rules must do about it (see `driver.ts`).
 */
import { Random } from '../fake-freshservice/prng.ts';
import { generateWorkload, type StormTicket, type Workload } from '../bench/workload.ts';

export type Intent = 'raise' | 'reopen' | 'resolve' | 'pend' | 'regroup' | 'reprioritise';

export type SoakEvent =
  | { kind: 'create'; at: number; index: number }
  | { kind: 'update'; at: number; target: number; intent: Intent };

export interface Storm {
  /** Minute of the span the storm starts at. */
  minute: number;
  tickets: number;
}

export interface SoakWorkloadOptions {
  creates: number;
  updates: number;
  /** Minutes over which events arrive. */
  spanMinutes: number;
  storms?: readonly Storm[];
  seed?: number;
}

export interface SoakWorkload {
  tickets: StormTicket[];
  people: Workload['people'];
  /** Creates and updates in time order; `at` is ms after the start. */
  events: SoakEvent[];
}

const INTENTS: readonly Intent[] = ['raise', 'reopen', 'resolve', 'pend', 'regroup', 'reprioritise'];
const WEIGHTS: readonly number[] = [25, 15, 25, 15, 10, 10];
/** An agent touches a ticket at least this long after it was created. */
const MIN_AGE_MS = 20_000;

/** Arrival times: storm tickets inside their minute, the rest spread evenly with jitter. */
function arrivals(r: Random, n: number, spanMs: number, storms: readonly Storm[]): number[] {
  const stormCount = storms.reduce((s, x) => s + x.tickets, 0);
  if (stormCount > n) throw new RangeError(`soak workload: storms hold ${stormCount} tickets, more than the ${n} created`);
  const times: number[] = [];
  for (const s of storms) for (let i = 0; i < s.tickets; i += 1) times.push(s.minute * 60_000 + Math.floor(r.next() * 60_000));
  const rest = n - stormCount;
  for (let i = 0; i < rest; i += 1) times.push(Math.floor(((i + r.next()) * spanMs) / rest));
  return times.sort((a, b) => a - b);
}

export function generateSoakWorkload(options: SoakWorkloadOptions): SoakWorkload {
  const seed = options.seed ?? 11;
  const r = new Random(seed * 31 + 7);
  const spanMs = options.spanMinutes * 60_000;
  const base = generateWorkload({ tickets: options.creates, seed, spanMs: 60_000, duplicateShare: 0.1 });
  const times = arrivals(r, options.creates, spanMs, options.storms ?? []);
  const events: SoakEvent[] = base.tickets.map((t, i) => ({ kind: 'create', at: times[i] as number, index: t.index }));
  for (let i = 0; i < options.updates; i += 1) {
    const at = Math.floor(r.next() * spanMs) + MIN_AGE_MS;
    // Tickets old enough to be touched: created at least MIN_AGE_MS before.
    let last = -1;
    for (let lo = 0, hi = times.length - 1; lo <= hi;) {
      const mid = (lo + hi) >> 1;
      if ((times[mid] as number) <= at - MIN_AGE_MS) {
        last = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (last < 0) {
      i -= 1;
      continue;
    }
    // Agents mostly work on recent tickets.
    const target = Math.max(0, last - Math.floor(Math.abs(r.next() - r.next()) * Math.min(last + 1, 400)));
    events.push({ kind: 'update', at, target, intent: r.weighted(INTENTS, WEIGHTS) });
  }
  events.sort((a, b) => a.at - b.at || (a.kind === 'create' ? -1 : 1));
  return { tickets: base.tickets, people: base.people, events };
}
