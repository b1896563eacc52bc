/**
 * One stream for every line the devkit logs: the runtime's (app console output, template calls,
 * refusals), the fake's ticket events as they reach the app, and the dev server's client calls.
 * The live log on stdout and the event simulator both read from it.
 */
import type { LiveLogEntry } from './backend.ts';

export class LogHub {
  readonly #listeners = new Set<(entry: LiveLogEntry) => void>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** Feeds an entry (the runtime's `onLog` points here). */
  readonly write = (entry: LiveLogEntry): void => {
    for (const listener of [...this.#listeners]) listener(entry);
  };

  log(entry: Omit<LiveLogEntry, 'at'>): void {
    this.write({ at: this.#now(), ...entry });
  }

  on(listener: (entry: LiveLogEntry) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
