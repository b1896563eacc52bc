/**
 * `validateApp`: what `fdk validate` checks, on an app folder as it is on disk (build first).
 * Checks run in the order FDK runs its validators; a broken manifest stops the checks that need it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readJson } from './files.ts';
import { Findings, type Finding } from './findings.ts';
import { checkHandlers } from './handlers.ts';
import { lintShipped } from './lint.ts';
import { checkDependencies, checkEngines, checkLegacyKeys, checkModules, checkUnitTestHook, type Manifest } from './manifest.ts';
import { checkInstallPage, checkLocations } from './pages.ts';
import { checkDeclarations, checkTemplates, type Requests } from './requests.ts';
import { checkSchema } from './schema.ts';

export interface ValidationResult {
  findings: Finding[];
  /** Functions exported by server.js, as FDK logs "Found [...] as exported functions". */
  exported: string[];
  lintedFiles: number;
  ok: boolean;
}

/** Names that a custom install page marks secure: `__meta.secure` arrays in its script, or iparams.json `secure: true`. */
export function secureIparamNames(appDir: string): Set<string> {
  const names = new Set<string>();
  const json = resolve(appDir, 'config/iparams.json');
  if (existsSync(json)) {
    const iparams = JSON.parse(readFileSync(json, 'utf8')) as Record<string, { secure?: boolean }>;
    for (const [k, v] of Object.entries(iparams)) if (v.secure === true) names.add(k);
  }
  for (const file of ['config/assets/iparams.js', 'config/src/iparams.ts', 'config/src/configs.ts']) {
    const path = resolve(appDir, file);
    if (!existsSync(path)) continue;
    for (const m of readFileSync(path, 'utf8').matchAll(/secure\s*:\s*\[([^\]]*)\]/g)) {
      for (const n of (m[1] ?? '').matchAll(/['"]([\w-]+)['"]/g)) names.add(n[1] ?? '');
    }
  }
  return names;
}

function checkRequests(appDir: string, manifest: Manifest, findings: Findings): void {
  const requests = readJson(appDir, 'config/requests.json', findings);
  const declared = Object.keys(manifest.modules.common?.requests ?? {});
  if (requests === undefined) {
    if (declared.length > 0) findings.error('config/requests.json', `not found, but manifest.json declares ${declared.length} request template(s).`);
    return;
  }
  if (!checkSchema('requests', 'config/requests.json', requests, findings)) return;
  checkDeclarations(manifest, requests as Requests, findings);
  checkTemplates(requests as Requests, secureIparamNames(appDir), findings);
}

function checkIparams(appDir: string, findings: Findings): void {
  if (checkInstallPage(appDir, findings) !== 'json') return;
  const iparams = readJson(appDir, 'config/iparams.json', findings);
  if (iparams !== undefined) checkSchema('iparams', 'config/iparams.json', iparams, findings);
}

export async function validateApp(appDir: string): Promise<ValidationResult> {
  const findings = new Findings();
  const raw = readJson(appDir, 'manifest.json', findings, 'manifest.json is missing: every FDK app has one at its root.');
  let exported: string[] = [];
  let dependencies: string[] = [];
  if (raw !== undefined && typeof raw === 'object' && raw !== null) {
    checkLegacyKeys(raw as Record<string, unknown>, findings);
    if (checkSchema('manifest', 'manifest.json', raw, findings)) {
      const manifest = raw as Manifest;
      dependencies = Object.keys(manifest.dependencies ?? {});
      checkModules(manifest, findings);
      checkEngines(manifest, findings);
      checkDependencies(appDir, manifest, findings);
      checkUnitTestHook(appDir, manifest, findings);
      checkRequests(appDir, manifest, findings);
      checkLocations(appDir, manifest, findings);
      exported = checkHandlers(appDir, manifest, findings);
    }
  }
  checkIparams(appDir, findings);
  const lintedFiles = await lintShipped(appDir, dependencies, findings);
  return { findings: findings.list, exported, lintedFiles, ok: findings.errors.length === 0 };
}
