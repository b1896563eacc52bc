/**
 * Validation of `$schedule` calls. Statuses: 400 invalid input or a limit reached, 404 unknown
 * name, 409 duplicate name (the docs only say errors carry `status` and `message`; these are
 * the devkit's choices). Every message names the rule and the measured value.
 */
import { jsonBytes, PlatformRefusal } from '../errors.ts';
import { isPlainObject, type JsonObject } from '../db/validate.ts';
import { ScheduleLimits, TIME_UNITS, type TimeUnit } from './limits.ts';

export interface Repeat {
  time_unit: TimeUnit;
  frequency: number;
}

export interface ScheduleSpec {
  name: string;
  data: JsonObject;
  schedule_at: string;
  repeat?: Repeat;
}

function bad(rule: string, message: string, status = 400): PlatformRefusal {
  return new PlatformRefusal(rule, status, message, status === 400 ? 'invalid_schedule' : undefined);
}

export function validateName(spec: unknown, op: string): string {
  const name = isPlainObject(spec) ? spec.name : undefined;
  if (typeof name !== 'string' || name.trim() === '') throw bad('schedule.name', `$schedule.${op}: name is required and cannot be blank.`);
  return name;
}

export function validateData(data: unknown): JsonObject {
  if (data === undefined) return {};
  if (!isPlainObject(data)) throw bad('schedule.data', '$schedule: data must be a JSON object.');
  const bytes = jsonBytes(data);
  if (bytes > ScheduleLimits.MAX_DATA_BYTES) {
    throw bad('schedule.data-size', `$schedule: data is ${bytes} bytes of JSON; the limit is ${ScheduleLimits.MAX_DATA_BYTES} bytes (4 KB).`);
  }
  return JSON.parse(JSON.stringify(data)) as JsonObject;
}

/** Returns the epoch ms of `schedule_at`, refusing what is not ISO or is under 5 minutes ahead. */
export function validateScheduleAt(value: unknown, now: number): number {
  const at = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(at)) throw bad('schedule.schedule-at', `$schedule: schedule_at must be a time in ISO format (e.g. 2026-11-26T09:30:00.000Z), got ${JSON.stringify(value) ?? String(value)}.`);
  if (at < now + ScheduleLimits.MIN_LEAD_MS) {
    const ahead = Math.round((at - now) / 1000);
    throw bad('schedule.min-lead', `$schedule: the schedule_at time must be at least 5 minutes from the current time; ${value} is ${ahead} s from now (${new Date(now).toISOString()}).`);
  }
  return at;
}

/** Returns the interval in ms, or undefined for a one-time schedule. */
export function validateRepeat(repeat: unknown): { repeat: Repeat; intervalMs: number } | undefined {
  if (repeat === undefined || repeat === null) return undefined;
  if (!isPlainObject(repeat)) throw bad('schedule.repeat', '$schedule: repeat must be { time_unit, frequency }.');
  const unit = repeat.time_unit;
  if (typeof unit !== 'string' || !Object.hasOwn(TIME_UNITS, unit)) throw bad('schedule.repeat', `$schedule: repeat.time_unit must be one of ${Object.keys(TIME_UNITS).join(', ')}, got ${JSON.stringify(unit) ?? String(unit)}.`);
  const frequency = repeat.frequency;
  if (typeof frequency !== 'number' || !Number.isInteger(frequency) || frequency < 1) throw bad('schedule.repeat', `$schedule: repeat.frequency must be a positive integer, got ${JSON.stringify(frequency) ?? String(frequency)}.`);
  const intervalMs = frequency * TIME_UNITS[unit as TimeUnit];
  if (intervalMs < ScheduleLimits.MIN_INTERVAL_MS) {
    throw bad('schedule.min-interval', `$schedule: a recurring schedule must repeat at most every 5 minutes; every ${frequency} ${unit} is ${intervalMs / 1000} s.`);
  }
  return { repeat: { time_unit: unit as TimeUnit, frequency }, intervalMs };
}

export function limitReached(kind: 'one-time' | 'recurring', count: number): PlatformRefusal {
  const limit = kind === 'one-time' ? ScheduleLimits.MAX_ONE_TIME : ScheduleLimits.MAX_RECURRING;
  return bad(kind === 'one-time' ? 'schedule.one-time-limit' : 'schedule.recurring-limit', `$schedule: at most ${limit} ${kind} schedule${limit === 1 ? '' : 's'} per installation; ${count} already exist.`);
}

export function duplicate(name: string): PlatformRefusal {
  return bad('schedule.duplicate', `$schedule.create: a schedule named '${name}' already exists.`, 409);
}

export function missing(name: string, op: string): PlatformRefusal {
  return bad('schedule.not-found', `$schedule.${op}: no schedule named '${name}'.`, 404);
}
