/** The soak's report as text: the verdict, every limit's peak, the secrets scan, the definitions. */
import type { SoakReport } from './run.ts';

export const DEFINITIONS = [
  'processed: a created ticket whose outcome is recorded and complete (done or skipped, no step left) and whose planned writes (triage, escalations) were all applied in the account.',
  'lost: a created ticket not processed when the run ends.',
  'duplicate note: a note beyond the planned ones (a second note with the same footer reference, or more escalation notes on a ticket than escalations that planned one).',
  'duplicate update: an update beyond the planned ones: for each ticket, the PUTs the fake account applied for the app (also those whose answer was lost on the way back) minus the PUTs planned (one for its triage if a create rule or the duplicate tag changes a field, one per escalation whose rule changes a field), when positive. Planned once and applied twice counts even when the second PUT sets the same values.',
  'agent first: when an agent changes a field of a ticket the app has not triaged yet (it waits behind a backlog), the triage update becomes optional: the value the rule sets may already be in place, and the app then rightly sends none. Its note and tags are still required.',
  'unplanned: a note or update on a ticket or for an event that planned none. lost tags: a tag a rule added that is missing at the end (one update overwrote another).',
  'over a limit: the app overspent its own share (its credits above plan × budget_share, or above its share of a sub-limit) or was refused by FDK (50 templates/min), $db (50 ops/min), $schedule or server methods (50/min) — not counting refusals the scenario caused on purpose.',
];

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function minutes(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

export function formatReport(r: SoakReport): string {
  const v = r.verdict;
  const lines: string[] = [];
  lines.push(`Ticket Radar soak: ${r.events.total} events (${r.events.creates} creates, ${r.events.updates} agent updates of which ${r.events.escalations} escalations, ${r.events.updatesSkipped} skipped) on the ${r.options.plan} plan, budget share ${r.options.share}%`);
  lines.push(`faults: ${r.faults.injected.api5xx} API 5xx, ${r.faults.injected.dropped} dropped connections, ${r.faults.injected.slow} slow answers (${r.faults.slowMinutes} slow minutes), ${r.faults.injected.db429} $db 429s, ${r.faults.injected.eventRedeliveries} event redeliveries, schedules delivered twice and ${r.options.faults.scheduleLateMs / 1000} s late, ${r.faults.accountFullMinutes} minutes of a full account, ${r.faults.fdkBurstMinutes} front-end bursts (${r.faults.frontEndCalls} calls, ${r.faults.frontEndRefused} refused)`);
  lines.push('');
  lines.push(`processed            ${v.processed} / ${v.tickets}`);
  lines.push(`lost                 ${v.lost}`);
  lines.push(`duplicated notes     ${v.duplicateNotes}`);
  lines.push(`duplicated updates   ${v.duplicateUpdates}   (identical repeats ${v.identicalRepeats})`);
  lines.push(`unplanned notes      ${v.unplannedNotes}`);
  lines.push(`unplanned updates    ${v.unplannedUpdates}`);
  lines.push(`missing updates      ${v.missingUpdates}    missing notes ${v.missingNotes}    tickets with lost tags ${v.lostTags}`);
  lines.push(`writes               updates ${v.applied.updates} applied / ${v.planned.updates} planned; notes ${v.applied.notes} applied / ${v.planned.notes} planned (originals of near-copies may add one of each)`);
  lines.push(`sidebar opens        ${r.sidebar.opened} (${r.sidebar.failed} failed${r.sidebar.failures.length > 0 ? `: ${r.sidebar.failures.slice(0, 3).join(' | ')}` : ''})`);
  lines.push(`invocations          ${r.invocations.total} (${r.invocations.failed} failed, ${r.invocations.timeouts} cut off at 20 s) ${JSON.stringify(r.invocations.byHandler)}`);
  lines.push(`completion           ${r.minutesToDone === null ? 'not all tickets processed' : `${r.minutesToDone.toFixed(0)} virtual minutes after the first event`}; ${r.virtualMinutes.toFixed(0)} virtual minutes in all`);
  lines.push('');
  lines.push('peak use of every limit (per clock minute)');
  for (const row of r.limits) {
    const use = row.limit > 0 ? `${row.peak} / ${row.limit}` : `${row.peak}`;
    lines.push(`  ${pad(row.name, 58)} ${pad(use, 11)} ${row.over > 0 ? `OVER (${row.over})` : 'ok'}   ${row.note}`);
  }
  lines.push('');
  const scanned = Object.entries(r.secrets.scanned).map(([k, n]) => `${k} ${n}`).join(', ');
  lines.push(`secrets: ${r.secrets.hits.length === 0 ? 'the API key appears nowhere' : `${r.secrets.hits.length} HIT(S)`} (plain, base64 of key:X, base64, URL-encoded; scanned ${scanned})`);
  for (const hit of r.secrets.hits.slice(0, 10)) lines.push(`  ${hit.place} (${hit.form}): …${hit.context}…`);
  if (v.problems.length > 0) {
    lines.push('');
    lines.push('problems (first ones):');
    for (const p of v.problems.slice(0, 20)) lines.push(`  ticket ${p.id}: ${p.problem}`);
  }
  lines.push('');
  lines.push('definitions:');
  for (const d of DEFINITIONS) lines.push(`  - ${d}`);
  lines.push('');
  lines.push(`${r.ok ? 'PASS' : 'FAIL'}: wall time ${minutes(r.wallMs)}`);
  return lines.join('\n');
}
