import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { devIparams, SAMPLE_IPARAMS_FILE } from '../../../devkit/server/dev-iparams.ts';

const GROUPS = new Map([
  ['Service Desk', 101],
  ['Network Team', 102],
  ['Identity & Access', 103],
]);

describe('devIparams', () => {
  test('completes the sample with the key (secure), agent id and plan, and resolves group names to ids', () => {
    const configs = devIparams({ apiKey: 'k-123', agentId: 77, plan: 'growth', groupIds: GROUPS });
    expect(configs).toMatchObject({ api_key: 'k-123', api_agent_id: 77, plan: 'growth', budget_share: 50, duplicate_window_hours: 72, duplicate_threshold: 0.6, __meta: { secure: ['api_key'] } });
    expect(typeof configs.rules).toBe('string');
    const rules = JSON.parse(configs.rules as string) as { version: number; rules: Array<{ name: string; then: { group_id?: unknown } }> };
    expect(rules.version).toBe(1);
    expect(rules.rules.map((r) => r.then.group_id)).toEqual([102, 103, undefined, 101]);
  });

  test('the sample file holds no API key', () => {
    const configs = devIparams({ apiKey: 'SENTINEL', agentId: 1, plan: 'starter', groupIds: GROUPS, file: SAMPLE_IPARAMS_FILE });
    const { api_key: _key, ...rest } = configs;
    expect(JSON.stringify(rest)).not.toContain('SENTINEL');
  });

  test('an unknown group name says which groups exist', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iparams-'));
    try {
      writeFileSync(join(dir, 's.json'), JSON.stringify({ rules: { version: 1, rules: [{ then: { group_id: '$group:Nope' } }] } }));
      expect(() => devIparams({ apiKey: 'k', agentId: 1, plan: 'starter', groupIds: GROUPS, file: join(dir, 's.json') })).toThrow('sample iparams: no group named "Nope" in the fake account (groups: Service Desk, Network Team, Identity & Access).');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
