/**
 * The live log `npm start` prints: one line per entry, `time level source [#invocation] message`,
 * with the platform rule a refusal names at the end. Colour only on a terminal.
 */
import type { LiveLogEntry } from './backend.ts';

const COLOURS: Readonly<Record<LiveLogEntry['level'], string>> = { debug: '\x1b[2m', info: '', warn: '\x1b[33m', error: '\x1b[31m' };
const RESET = '\x1b[0m';

export interface LiveLogOptions {
  colour: boolean;
  /** Show debug lines (successful template calls, handler completions). */
  verbose: boolean;
}

export function formatEntry(entry: LiveLogEntry, options: LiveLogOptions): string | undefined {
  if (entry.level === 'debug' && !options.verbose) return undefined;
  const time = new Date(entry.at).toISOString().slice(11, 23);
  const invocation = entry.invocation === undefined ? '' : ` #${entry.invocation}`;
  const rule = entry.rule === undefined ? '' : ` [${entry.rule}]`;
  const line = `${time} ${entry.level.toUpperCase().padEnd(5)} ${entry.source}${invocation}  ${entry.message}${rule}`;
  const colour = options.colour ? COLOURS[entry.level] : '';
  return colour === '' ? line : `${colour}${line}${RESET}`;
}
