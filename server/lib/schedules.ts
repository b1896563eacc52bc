/**
 * The app's schedules. The platform allows 1,000 one-time schedules and one recurring schedule, and
 * a schedule must be set at least five minutes ahead (Freshservice developer docs, "Scheduled
 * Events"). So deferred work cannot be scheduled "in a minute" when it arises; instead six
 * one-time *ticks* are always armed, each re-arming itself at the first minute start at least five
 * minutes ahead when it fires: a tick that fires on time comes back after five minutes, a late one
 * after six, so six ticks cover every minute either way (two in one minute share it through the
 * sweep lease). A sweep can run every minute, and an idle tick costs no API call and no `$db`
 * operation. The recurring *heartbeat* (every 5 minutes) re-arms any tick that went missing
 * and carries the app's health in its data, where the sidebar reads it without a `$db` operation.
 * A *backlog* marker schedule exists exactly while work is deferred; event handlers check it (a
 * schedule fetch, not a `$db` operation) and queue behind it instead of jumping ahead.
 */
import { minuteOf } from '../../core/budget';

export const TICK_SLOTS = 6;
export const HEARTBEAT = 'radar-heartbeat';
export const BACKLOG = 'radar-backlog';
/** The platform refuses schedule_at closer than this. */
export const MIN_LEAD_MS = 5 * 60_000;
/** Ticks fire just after a minute starts, so a sweep's calls fall in one rate-limit window. */
const TICK_OFFSET_MS = 1000;

export const tickName = (slot: number): string => `radar-tick-${slot}`;

export type ScheduleData =
  | { kind: 'tick'; slot: number }
  | { kind: 'heartbeat'; health?: Health }
  | { kind: 'backlog'; fromId: number; since: number; reason: string }
  | ({ kind: 'update' } & UpdateRetry);

/**
 * An update event the app could not record because `$db` refused (429): kept in a one-time
 * schedule (a separate service with its own limits) and handled again when it fires. Named by the
 * change, so a redelivered event does not add a second one.
 */
export interface UpdateRetry {
  id: number;
  at: number;
  signature: string;
  actor: number | null;
  changes: Record<string, unknown>;
  /** An update rule matched the change as it arrived: its actions are queued when the retry fires. */
  act: boolean;
}

export interface Health {
  at: number;
  key: 'ok' | 'rejected';
  retryAt: number;
  lastError: { kind: string; message: string; hint: string; at: number } | null;
  lastSweep: { at: number; processed: number; calls: number; credits: number; backlog: number } | null;
}

export const HEALTHY: Health = { at: 0, key: 'ok', retryAt: 0, lastError: null, lastSweep: null };

function statusOf(error: unknown): number {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : 0;
}

/** The first minute start (plus offset) at least MIN_LEAD_MS after `now`. */
export function tickTime(now: number): number {
  const at = minuteOf(now + MIN_LEAD_MS) * 60_000 + TICK_OFFSET_MS;
  return at >= now + MIN_LEAD_MS ? at : at + 60_000;
}

async function fetchData(name: string): Promise<Record<string, unknown> | null> {
  try {
    const schedule = await $schedule.fetch({ name });
    return (schedule.data ?? {}) as Record<string, unknown>;
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw error;
  }
}

/** Creates a schedule, treating "already exists" as success. */
async function createOnce(spec: FdkScheduleSpec): Promise<boolean> {
  try {
    await $schedule.create(spec);
    return true;
  } catch (error) {
    if (statusOf(error) === 409 || /exist/i.test(String((error as { message?: unknown })?.message))) return false;
    throw error;
  }
}

/** Arms tick `slot` `offsetMinutes` after the first allowed minute. */
export function armTick(slot: number, now: number, offsetMinutes = 0): Promise<boolean> {
  return createOnce({ name: tickName(slot), data: { kind: 'tick', slot }, schedule_at: new Date(tickTime(now) + offsetMinutes * 60_000).toISOString() });
}

/** Re-arms every tick that is missing, spread over consecutive minutes; returns how many were created. */
export async function ensureTicks(now: number): Promise<number> {
  let created = 0;
  for (let slot = 0; slot < TICK_SLOTS; slot += 1) {
    if ((await fetchData(tickName(slot))) === null && (await armTick(slot, now, slot))) created += 1;
  }
  return created;
}

/** Heartbeats fire half a minute after ticks, so they never compete for the start of a minute. */
const HEARTBEAT_OFFSET_MS = 30_000;
const HEARTBEAT_EVERY_MS = 5 * 60_000;

export function armHeartbeat(now: number): Promise<boolean> {
  const at = tickTime(now) - TICK_OFFSET_MS + HEARTBEAT_OFFSET_MS;
  return createOnce({ name: HEARTBEAT, data: { kind: 'heartbeat', health: HEALTHY }, schedule_at: new Date(at).toISOString(), repeat: { time_unit: 'minutes', frequency: 5 } });
}

/** The heartbeat's next firing at least MIN_LEAD_MS ahead, keeping its phase (an update must not move it). */
export function nextHeartbeat(scheduledAt: number, now: number): number {
  if (!Number.isFinite(scheduledAt)) return tickTime(now) - TICK_OFFSET_MS + HEARTBEAT_OFFSET_MS;
  const behind = Math.max(0, Math.ceil((now + MIN_LEAD_MS - scheduledAt) / HEARTBEAT_EVERY_MS));
  return scheduledAt + behind * HEARTBEAT_EVERY_MS;
}

export async function readHealth(): Promise<Health> {
  const data = await fetchData(HEARTBEAT);
  const health = (data?.health ?? null) as Health | null;
  return health === null || typeof health !== 'object' ? HEALTHY : { ...HEALTHY, ...health };
}

export async function writeHealth(health: Health, now: number): Promise<void> {
  const current = await $schedule.fetch({ name: HEARTBEAT });
  const at = nextHeartbeat(Date.parse(String(current.schedule_at)), now);
  await $schedule.update({ name: HEARTBEAT, data: { kind: 'heartbeat', health }, schedule_at: new Date(at).toISOString(), repeat: { time_unit: 'minutes', frequency: 5 } });
}

export interface Backlog {
  fromId: number;
  since: number;
  reason: string;
}

export async function readBacklog(): Promise<Backlog | null> {
  const data = await fetchData(BACKLOG);
  if (data === null) return null;
  return { fromId: Number(data.fromId) || 0, since: Number(data.since) || 0, reason: String(data.reason ?? 'busy') };
}

/**
 * Marks work as deferred. The marker's own firing time is a day away: it is a flag, and it never
 * fires while a sweep keeps it alive (if it ever does fire, the handler treats it like a tick).
 */
export function raiseBacklog(backlog: Backlog, now: number): Promise<boolean> {
  return createOnce({ name: BACKLOG, data: { kind: 'backlog', ...backlog }, schedule_at: new Date(now + 24 * 3600_000).toISOString() });
}

export async function lowerBacklog(): Promise<void> {
  try {
    await $schedule.delete({ name: BACKLOG });
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
}

export function scheduleUpdateRetry(retry: UpdateRetry, now: number): Promise<boolean> {
  return createOnce({ name: `radar-u-${retry.id}-${retry.at}-${retry.signature}`, data: { kind: 'update', ...retry }, schedule_at: new Date(tickTime(now)).toISOString() });
}

export async function deleteAllSchedules(): Promise<void> {
  const names = [HEARTBEAT, BACKLOG, ...Array.from({ length: TICK_SLOTS }, (_, slot) => tickName(slot))];
  for (const name of names) {
    try {
      await $schedule.delete({ name });
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
  }
}
