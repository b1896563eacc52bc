/**
 * One sidebar load: the one server-method call per open (`getTicketInsights`), turned into insights
 * or a failure the sidebar can show. Nothing else is read: no API call, no `client.db`.
 */
import type { RadarApi } from './client';
import { invalidAnswer, toFailure, type Failure } from './errors';
import { readInsights, type SidebarInsights } from './insights';

export type LoadResult = { ok: true; insights: SidebarInsights } | { ok: false; failure: Failure };

export const INSIGHTS_METHOD = 'getTicketInsights';

function fromAnswer(answer: unknown, ticketId: number): LoadResult {
  const insights = readInsights(answer);
  if (insights === null || insights.ticketId !== ticketId) return { ok: false, failure: invalidAnswer() };
  return { ok: true, insights };
}

export function loadInsights(api: RadarApi, ticketId: number): Promise<LoadResult> {
  return api.invoke(INSIGHTS_METHOD, { ticket_id: ticketId }).then(
    (answer) => fromAnswer(answer, ticketId),
    (error: unknown): LoadResult => ({ ok: false, failure: toFailure(error) }),
  );
}
