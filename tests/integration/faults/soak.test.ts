/**
 * A short soak in CI: the whole app under every fault at once (5xx, dropped connections, slow
 * answers, a full account, FDK's 50/min used up by front-end bursts, `$db` 429s, redelivered events,
 * schedules delivered twice and late), then the exactly-once verdict, every limit, and the secrets
 * scan over logs, `$db`, schedules, server-method answers, front-end iparams, notes and the packed
 * zip. `npm run soak` runs the same thing with 10,000 events.
 */
import { describe, expect, test } from 'vitest';
import { ALL_FAULTS } from '../../../devkit/soak/faults.ts';
import { runSoak, SOAK_DEFAULTS, type SoakReport } from '../../../devkit/soak/run.ts';

let report: SoakReport;

describe('soak: 400 events with every fault on', () => {
  test('every ticket processed exactly once', async () => {
    report = await runSoak({
      ...SOAK_DEFAULTS, creates: 240, updates: 160, spanMinutes: 36, storms: [{ minute: 10, tickets: 60 }],
      faults: ALL_FAULTS, maxDrainMinutes: 240, scanPack: true,
    });
    const v = report.verdict;
    expect({ lost: v.lost, duplicateNotes: v.duplicateNotes, duplicateUpdates: v.duplicateUpdates, unplannedNotes: v.unplannedNotes, unplannedUpdates: v.unplannedUpdates, lostTags: v.lostTags, problems: v.problems })
      .toEqual({ lost: 0, duplicateNotes: 0, duplicateUpdates: 0, unplannedNotes: 0, unplannedUpdates: 0, lostTags: 0, problems: [] });
    expect(v.processed).toBe(240);
    expect(report.minutesToDone).not.toBeNull();
    // The faults really happened: a run without them would prove nothing.
    expect(report.faults.injected.api5xx).toBeGreaterThan(20);
    expect(report.faults.injected.db429).toBeGreaterThan(5);
    expect(report.faults.injected.eventRedeliveries).toBeGreaterThan(5);
  }, 240_000);

  test('no limit exceeded: API share and sub-limits, FDK 50/min, $db 50/min, schedules, server methods', () => {
    expect(report.over.map((r) => `${r.name}: ${r.peak}/${r.limit} (${r.note})`)).toEqual([]);
    const db = report.limits.find((r) => r.name.startsWith('$db'));
    expect(db?.peak).toBeLessThanOrEqual(50);
  });

  test('the API key appears nowhere: logs, $db, schedules, server-method answers, front-end iparams, notes, packed files', () => {
    expect(report.secrets.hits).toEqual([]);
    for (const kind of ['log', 'db', 'schedule', 'smi', 'iparams', 'note', 'pack']) expect(report.secrets.scanned[kind] ?? 0).toBeGreaterThan(0);
  });
});
