/**
 * Traffic from the account's "other integrations": the share of the per-account budget (reference
 * §2.1, "the limit is per account") that the app does not control. Calls are spread evenly over
 * each clock minute — call i of n at `minute + (i + ½)·60 s/n` — and dispatched in-process
 * through the same pipeline as HTTP requests, so they spend the same budget, appear in the same
 * statistics (caller `'others'`) and get 429s like anyone else.
 *
 * The kinds of call follow `mix` (default 40 % view ticket, 20 % list tickets, 20 % update ticket,
 * 20 % requester/agent/group lookups) in a smooth weighted round-robin, so every minute gets the
 * same blend. The updates write a custom field (`external_ref`), as a sync integration would, so
 * they fire no onTicketUpdate (fdk-platform.md §2.3) and do not disturb the app's events.
 */
import type { Clock } from '../clock.ts';
import type { ApiRequest } from './http.ts';
import { ApiLimits } from './limits.ts';
import type { Pipeline } from './pipeline.ts';
import type { Random } from './prng.ts';
import type { Store } from './store.ts';

export type BackgroundKind = 'view_ticket' | 'list_tickets' | 'update_ticket' | 'lookups';
export type BackgroundMix = Partial<Record<BackgroundKind, number>>;

export interface BackgroundOptions {
  callsPerMinute: number;
  mix?: BackgroundMix;
}

export interface BackgroundReport {
  sent: number;
  byKind: Record<BackgroundKind, number>;
  byStatus: Record<number, number>;
  /** 429 answers the other integrations received. */
  rateLimited: number;
}

export const DEFAULT_MIX: Readonly<Record<BackgroundKind, number>> = { view_ticket: 0.4, list_tickets: 0.2, update_ticket: 0.2, lookups: 0.2 };
const KINDS: readonly BackgroundKind[] = ['view_ticket', 'list_tickets', 'update_ticket', 'lookups'];

export interface BackgroundDeps {
  pipeline: Pipeline;
  clock: Clock;
  store: Store;
  random: Random;
  /** The API key the other integrations use. */
  apiKey: string;
}

export class Background {
  #cancel: (() => void) | undefined;
  #perMinute = 0;
  #weights: Record<BackgroundKind, number> = { ...DEFAULT_MIX };
  #credit: Record<BackgroundKind, number> = { view_ticket: 0, list_tickets: 0, update_ticket: 0, lookups: 0 };
  #slot = { window: 0, index: 0 };
  #lookup = 0;
  #report: BackgroundReport = emptyReport();

  constructor(private readonly deps: BackgroundDeps) {}

  get running(): boolean {
    return this.#cancel !== undefined;
  }

  get report(): BackgroundReport {
    return structuredClone(this.#report);
  }

  /** Starts (or re-tunes) the traffic; the first call goes to the next free slot on the clock. */
  start(options: BackgroundOptions): void {
    const { callsPerMinute, mix } = options;
    if (!(Number.isInteger(callsPerMinute) && callsPerMinute > 0)) {
      throw new RangeError(`background.start: expected callsPerMinute to be an integer > 0, got ${String(callsPerMinute)}`);
    }
    const weights = { view_ticket: 0, list_tickets: 0, update_ticket: 0, lookups: 0, ...(mix ?? DEFAULT_MIX) };
    if (KINDS.some((k) => !(weights[k] >= 0)) || KINDS.every((k) => weights[k] === 0)) {
      throw new RangeError(`background.start: mix weights must be >= 0 and not all 0, got ${JSON.stringify(mix)}`);
    }
    this.stop();
    this.#perMinute = callsPerMinute;
    this.#weights = weights;
    const now = this.deps.clock.now();
    const window = Math.floor(now / ApiLimits.WINDOW_MS);
    const index = Math.max(0, Math.ceil((now - window * ApiLimits.WINDOW_MS) / this.#interval() - 0.5));
    this.#slot = index < callsPerMinute ? { window, index } : { window: window + 1, index: 0 };
    this.#schedule();
  }

  stop(): void {
    this.#cancel?.();
    this.#cancel = undefined;
  }

  #interval(): number {
    return ApiLimits.WINDOW_MS / this.#perMinute;
  }

  #schedule(): void {
    const at = this.#slot.window * ApiLimits.WINDOW_MS + (this.#slot.index + 0.5) * this.#interval();
    this.#cancel = this.deps.clock.setTimer(() => {
      this.#fire();
      this.#slot = this.#slot.index + 1 < this.#perMinute ? { window: this.#slot.window, index: this.#slot.index + 1 } : { window: this.#slot.window + 1, index: 0 };
      this.#schedule();
    }, at - this.deps.clock.now());
  }

  #fire(): void {
    const kind = this.#nextKind();
    const response = this.deps.pipeline.dispatch(this.#request(kind));
    const r = this.#report;
    r.sent += 1;
    r.byKind[kind] += 1;
    r.byStatus[response.status] = (r.byStatus[response.status] ?? 0) + 1;
    if (response.status === 429) r.rateLimited += 1;
  }

  /** Smooth weighted round-robin: exact shares, evenly interleaved. */
  #nextKind(): BackgroundKind {
    const total = KINDS.reduce((sum, k) => sum + this.#weights[k], 0);
    let best: BackgroundKind = 'view_ticket';
    for (const k of KINDS) {
      this.#credit[k] += this.#weights[k];
      if (this.#credit[k] > this.#credit[best]) best = k;
    }
    this.#credit[best] -= total;
    return best;
  }

  #request(kind: BackgroundKind): ApiRequest {
    const auth = `Basic ${Buffer.from(`${this.deps.apiKey}:X`).toString('base64')}`;
    const get = (path: string, query = ''): ApiRequest => ({ method: 'GET', path, query: new URLSearchParams(query), headers: { authorization: auth } });
    switch (kind) {
      case 'view_ticket':
        return get(`/api/v2/tickets/${this.#ticketId()}`);
      case 'list_tickets':
        return get('/api/v2/tickets', 'per_page=30');
      case 'update_ticket': {
        const body = Buffer.from(JSON.stringify({ custom_fields: { external_ref: `SYNC-${this.deps.random.int(10_000, 99_999)}` } }));
        return { method: 'PUT', path: `/api/v2/tickets/${this.#ticketId()}`, query: new URLSearchParams(), headers: { authorization: auth, 'content-type': 'application/json' }, body };
      }
      case 'lookups': {
        const { store, random } = this.deps;
        const which = this.#lookup++ % 3;
        if (which === 0) return get(`/api/v2/requesters/${random.pick([...store.requesters.values()].map((r) => r.id))}`);
        if (which === 1) return get(`/api/v2/agents/${random.pick([...store.agents.values()].map((a) => a.id))}`);
        return get('/api/v2/groups');
      }
    }
  }

  #ticketId(): number {
    const ids = [...this.deps.store.tickets.values()].filter((t) => !t.deleted).map((t) => t.id);
    return ids.length === 0 ? 1 : this.deps.random.pick(ids);
  }
}

function emptyReport(): BackgroundReport {
  return { sent: 0, byKind: { view_ticket: 0, list_tickets: 0, update_ticket: 0, lookups: 0 }, byStatus: {}, rateLimited: 0 };
}
