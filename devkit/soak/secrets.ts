/**
 * The secrets rule, checked: the API key must never appear — as typed, as the Basic credentials
 * `base64(key + ':X')`, as `base64(key)`, or URL-encoded — in any log line, `$db` value, schedule
 * payload, server-method response, front-end-readable iparam or packed file.
 *
 * A `SecretScan` collects places as a run goes (log lines stream in through the runtime's `onLog`;
 * responses are handed in as they arrive; stores are read at the end) and reports every hit with
 * where it was and which form matched, never the key itself.
 */
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { packApp } from '../pack/pack.ts';
import type { Runtime } from '../runtime/index.ts';

export interface SecretForm {
  name: 'plain' | 'basic-credentials' | 'base64' | 'base64-unpadded' | 'url-encoded';
  value: string;
}

export interface SecretHit {
  /** Where: `log`, `db:<key>`, `schedule:<name>`, `smi:<method>`, `iparams:<name>`, `pack:<file>`, … */
  place: string;
  form: SecretForm['name'];
  /** A few characters around the hit with the secret replaced, for a readable failure. */
  context: string;
}

/** Every form of `key` the rule forbids (distinct values only). */
export function secretForms(key: string): SecretForm[] {
  const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
  const forms: SecretForm[] = [
    { name: 'plain', value: key },
    { name: 'basic-credentials', value: b64(`${key}:X`) },
    { name: 'base64', value: b64(key) },
    // Unpadded base64 of the key, in case something strips '='.
    { name: 'base64-unpadded', value: b64(key).replace(/=+$/, '') },
    { name: 'url-encoded', value: encodeURIComponent(key) },
  ];
  const seen = new Set<string>();
  return forms.filter((f) => f.value.length >= 8 && !seen.has(f.value) && seen.add(f.value));
}

export interface SecretScan {
  readonly forms: readonly SecretForm[];
  readonly hits: SecretHit[];
  /** How many texts were scanned, by kind of place (`log`, `db`, `schedule`, `smi`, …). */
  readonly scanned: Record<string, number>;
  /** Scans a text (or any JSON-able value) found at `place`. */
  check(place: string, value: unknown): void;
  /** Reads `$db`, schedules and front-end iparams of a runtime now. */
  checkRuntime(rt: Runtime): void;
  /** Packs the app into a temporary zip and scans every file in it. */
  checkPack(appDir: string): void;
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function kindOf(place: string): string {
  const i = place.indexOf(':');
  return i < 0 ? place : place.slice(0, i);
}

export function createSecretScan(key: string): SecretScan {
  if (key.length < 8) throw new Error('createSecretScan: the key is too short to scan for meaningfully');
  const forms = secretForms(key);
  const hits: SecretHit[] = [];
  const scanned: Record<string, number> = {};
  const check = (place: string, value: unknown): void => {
    const text = textOf(value);
    const kind = kindOf(place);
    scanned[kind] = (scanned[kind] ?? 0) + 1;
    for (const form of forms) {
      const at = text.indexOf(form.value);
      if (at < 0) continue;
      const around = text.slice(Math.max(0, at - 40), at + form.value.length + 40).split(form.value).join('<SECRET>');
      hits.push({ place, form: form.name, context: around });
    }
  };
  return {
    forms,
    hits,
    scanned,
    check,
    checkRuntime(rt) {
      for (const [k, v] of Object.entries(rt.db.dump())) {
        check(`db:${k}`, k);
        check(`db:${k}`, v);
      }
      for (const s of rt.schedules.list()) check(`schedule:${s.name}`, s);
      for (const [name, value] of Object.entries(rt.frontEndIparams())) check(`iparams:${name}`, value);
      for (const entry of rt.logs) check('log', `${entry.source} ${entry.message}`);
    },
    checkPack(appDir) {
      const zipFile = join(tmpdir(), `ticket-radar-secrets-${process.pid}-${Date.now()}.zip`);
      try {
        packApp(appDir, zipFile);
        const files = unzipSync(readFileSync(zipFile));
        for (const [name, bytes] of Object.entries(files)) check(`pack:${name}`, Buffer.from(bytes).toString('utf8'));
      } finally {
        rmSync(zipFile, { force: true });
      }
    },
  };
}
