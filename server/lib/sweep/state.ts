/**
 * Where the sweep is. A *backlog episode* starts when the marker is raised and ends when it is
 * lowered; within it the sweep lists tickets updated since `anchor` (oldest first) and moves its
 * watermark `wm` past every ticket id that is finished or gone. `page` remembers where in that
 * listing the first unfinished ticket was, so a sweep usually needs one list call.
 */
import { LOOKBACK_IDS } from '../limits';
import type { Backlog } from '../schedules';

export interface SweepState {
  v: 1;
  episode: string;
  anchor: string;
  page: number;
  wm: number;
  /** Until when the safety check has looked for tickets whose events never arrived. */
  checkedUntil: number;
  /** Highest ticket id the safety check has seen. */
  checkedId: number;
  /** Last minute whose queued update actions were handled. */
  queueDone: number;
}

/** Margin before the first deferred ticket's time, so tickets racing the marker are listed too. */
const ANCHOR_MARGIN_MS = 15 * 60_000;

export function episodeOf(backlog: Backlog): string {
  return `${backlog.fromId}@${backlog.since}`;
}

function num(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

export function readState(raw: Record<string, unknown> | null, now: number): SweepState {
  const r = raw ?? {};
  return {
    v: 1,
    episode: typeof r.episode === 'string' ? r.episode : '',
    anchor: typeof r.anchor === 'string' ? r.anchor : new Date(now).toISOString(),
    page: Math.max(1, num(r.page, 1)),
    wm: num(r.wm, 0),
    checkedUntil: num(r.checkedUntil, now),
    checkedId: num(r.checkedId, 0),
    queueDone: num(r.queueDone, Math.floor(now / 60_000) - 1),
  };
}

/** Starts a new episode for `backlog` unless the state already belongs to it. */
export function forEpisode(state: SweepState, backlog: Backlog): SweepState {
  const episode = episodeOf(backlog);
  if (state.episode === episode) return state;
  return {
    ...state,
    episode,
    anchor: new Date(backlog.since - ANCHOR_MARGIN_MS).toISOString(),
    page: 1,
    wm: Math.max(0, backlog.fromId - LOOKBACK_IDS - 1),
    // Actions are only queued while a backlog exists (or as one starts), so older minutes are empty.
    queueDone: Math.max(state.queueDone, Math.floor(backlog.since / 60_000) - 2),
  };
}
