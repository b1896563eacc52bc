/** Date input and output in the API's formats (reference §7 "Date input", "Timestamps"). */

/** `YYYY-MM-DDTHH:MM:SSZ`, always UTC, no milliseconds (reference §7). */
export function toIso(ms: number): string;
export function toIso(ms: number | null): string | null;
export function toIso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `YYYY-MM-DD` of an instant, in UTC. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const DATE_INPUT = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/**
 * Parses the date forms reference §7 lists: `YYYY-MM-DD`, `…THH:MM`, `…THH:MM:SS`, each with an
 * optional `Z` or `±hh:mm` / `±hh` / `±hhmm`; no zone means UTC. Fractional seconds are accepted
 * too (the reference is silent; `Date#toISOString()` produces them and rejecting them would be a
 * surprise nobody could check). Returns undefined for anything else.
 */
export function parseDateInput(input: string): number | undefined {
  const m = DATE_INPUT.exec(input);
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', zone] = m;
  const fields = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)] as const;
  const utc = Date.UTC(...fields);
  const check = new Date(utc);
  if (check.getUTCMonth() !== fields[1] || check.getUTCDate() !== fields[2] || fields[3] > 23 || fields[4] > 59 || fields[5] > 59) {
    return undefined;
  }
  return utc - offsetMinutes(zone) * 60_000;
}

function offsetMinutes(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  return sign * (hours * 60 + minutes);
}
