/**
 * The iparams `npm start` installs the app with: `sample-iparams.json` (the non-secret settings
 * and sample rules, DESIGN §4) completed at run time with what only the fake account knows: the
 * admin's API key (secure, never written to a file), its agent id, the plan, and group ids,
 * which the sample names as `"$group:<name>"` because the fake allocates ids when it seeds.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const SAMPLE_IPARAMS_FILE = resolve(import.meta.dirname, 'sample-iparams.json');

export interface DevIparamsInput {
  apiKey: string;
  agentId: number;
  plan: string;
  /** Group name → id in the fake account. */
  groupIds: ReadonlyMap<string, number>;
  file?: string;
}

const GROUP_REF = /^\$group:(.+)$/;

function resolveGroups(value: unknown, groups: ReadonlyMap<string, number>): unknown {
  if (typeof value === 'string') {
    const name = GROUP_REF.exec(value)?.[1];
    if (name === undefined) return value;
    const id = groups.get(name);
    if (id === undefined) throw new Error(`sample iparams: no group named "${name}" in the fake account (groups: ${[...groups.keys()].join(', ')}).`);
    return id;
  }
  if (Array.isArray(value)) return value.map((v) => resolveGroups(v, groups));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveGroups(v, groups)]));
  }
  return value;
}

/** The configs to install, in the shape `postConfigs()` returns (with `__meta.secure`). */
export function devIparams(input: DevIparamsInput): Record<string, unknown> {
  const sample = JSON.parse(readFileSync(input.file ?? SAMPLE_IPARAMS_FILE, 'utf8')) as Record<string, unknown>;
  const { rules, ...rest } = sample;
  return {
    ...rest,
    // `rules` is a paragraph iparam: the installation page stores the JSON as text.
    ...(rules === undefined ? {} : { rules: JSON.stringify(resolveGroups(rules, input.groupIds), null, 2) }),
    plan: input.plan,
    api_key: input.apiKey,
    api_agent_id: input.agentId,
    __meta: { secure: ['api_key'] },
  };
}
