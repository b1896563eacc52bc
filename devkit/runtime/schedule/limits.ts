/**
 * Scheduled-event limits (fdk-platform.md §2.6: P3 scheduled_events_doc.md, DOCS "Rate limits and
 * constraints"; Freshservice developer docs "Scheduled Events").
 */
export const ScheduleLimits = {
  /** One-time schedules per installation. */
  MAX_ONE_TIME: 1000,
  /** Recurring schedules per installation. */
  MAX_RECURRING: 1,
  /** Schedule `data`, as UTF-8 JSON: 4 KB. */
  MAX_DATA_BYTES: 4 * 1024,
  /** "The schedule_at time must be at least 5 minutes from the current time" (Freshservice docs "Scheduled Events"). */
  MIN_LEAD_MS: 5 * 60_000,
  /**
   * Shortest recurring interval. The docs' recurring example is every 5 minutes and no shorter
   * one is documented; the devkit refuses anything shorter (a choice, not a documented limit).
   */
  MIN_INTERVAL_MS: 5 * 60_000,
} as const;

export const TIME_UNITS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;
export type TimeUnit = keyof typeof TIME_UNITS;
