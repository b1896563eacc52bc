/**
 * Manifest checks beyond the schema: module/location/event placement, engines, dependencies and
 * the FDK 10 unit-test hook. Messages reuse `fdk validate`'s wording where it is known
 * (reference fdk-platform.md §1, §7.4).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Findings } from './findings.ts';

export interface ManifestModule {
  location?: Record<string, { url: string; icon?: string }>;
  events?: Record<string, { handler: string }>;
  requests?: Record<string, unknown>;
  functions?: Record<string, unknown>;
}

export interface Manifest {
  'platform-version': string;
  modules: Record<string, ManifestModule>;
  engines: { node: string; fdk: string };
  dependencies?: Record<string, string>;
  scripts?: Record<string, string>;
}

const FILE = 'manifest.json';

/** Placeholders each module may declare (confirmed ones; see fdk-platform.md §1.6). */
export const LOCATIONS: Readonly<Record<string, readonly string[]>> = {
  common: ['full_page_app', 'cti_global_sidebar'],
  service_ticket: [
    'ticket_sidebar', 'ticket_requester_info', 'ticket_top_navigation', 'ticket_background',
    'new_ticket_sidebar', 'new_ticket_background', 'ticket_conversation_editor', 'new_ticket_description_editor',
  ],
  service_asset: ['asset_sidebar', 'asset_top_navigation', 'asset_background'],
  service_change: ['change_sidebar', 'change_background', 'new_change_sidebar', 'new_change_background'],
  service_user: ['contact_sidebar'],
};

const COMMON_EVENTS = ['onAppInstall', 'afterAppUpdate', 'onAppUninstall', 'onExternalEvent', 'onScheduledEvent'];
const SERVICE_TICKET_EVENTS = ['onTicketCreate', 'onTicketUpdate', 'onConversationCreate'];

/** Keys the 2.x manifest had that 3.0 rejects; checked before the schema for a precise message. */
export function checkLegacyKeys(manifest: Record<string, unknown>, findings: Findings): void {
  if ('product' in manifest) findings.error(FILE, 'Platform version >= 3.0 does not support "product" in manifest.json; declare modules instead ("modules": { "common": {...}, "service_ticket": {...} }).');
  if ('whitelisted-domains' in manifest) findings.error(FILE, '"whitelisted-domains" has been deprecated; call external hosts through request templates in config/requests.json.');
}

function checkLocations(name: string, mod: ManifestModule, findings: Findings): void {
  const allowed = LOCATIONS[name];
  const invalid = Object.keys(mod.location ?? {}).filter((loc) => allowed !== undefined && !allowed.includes(loc));
  if (invalid.length > 0) findings.error(FILE, `Invalid location(s) mentioned in modules in manifest.json: ${name} - ${invalid.join(', ')}`);
}

function checkEvents(name: string, mod: ManifestModule, findings: Findings): void {
  for (const event of Object.keys(mod.events ?? {})) {
    const isCommon = COMMON_EVENTS.includes(event);
    if (name === 'common' && !isCommon) findings.error(FILE, `Event '${event}' cannot be registered in modules.common; product events belong in their product module (e.g. modules.service_ticket.events).`);
    if (name !== 'common' && isCommon) findings.error(FILE, `Event '${event}' must be registered in modules.common.events, not in modules.${name}.`);
    if (name === 'service_ticket' && !isCommon && !SERVICE_TICKET_EVENTS.includes(event)) findings.warn(FILE, `Event '${event}' is not a known service_ticket event (${SERVICE_TICKET_EVENTS.join(', ')}).`);
  }
}

function checkCommonOnly(name: string, mod: ManifestModule, findings: Findings): void {
  if (name === 'common') return;
  if (mod.requests !== undefined) findings.error(FILE, `modules.${name}.requests: in platform 3.0 every request template is declared in modules.common.requests.`);
  if (mod.functions !== undefined) findings.error(FILE, `modules.${name}.functions: server methods are declared in modules.common.functions.`);
}

export function checkModules(manifest: Manifest, findings: Findings): void {
  const names = Object.keys(manifest.modules);
  if (!names.some((n) => n !== 'common')) findings.error(FILE, 'At least one module apart from common must be mentioned (e.g. "service_ticket": {}).');
  for (const name of names) {
    const mod = manifest.modules[name] ?? {};
    checkLocations(name, mod, findings);
    checkEvents(name, mod, findings);
    checkCommonOnly(name, mod, findings);
  }
}

/** FDK 10 runs on Node 24 and FDK 9 on Node 18 (fdk-platform.md §1.4). */
export function checkEngines(manifest: Manifest, findings: Findings): void {
  const fdkMajor = Number(manifest.engines.fdk.split('.')[0]);
  const nodeMajor = Number(manifest.engines.node.split('.')[0]);
  const expected = fdkMajor >= 10 ? 24 : 18;
  if (nodeMajor !== expected) findings.error(FILE, `engines: FDK ${manifest.engines.fdk} runs on Node ${expected}.x, but engines.node is ${manifest.engines.node}.`);
}

/** Each runtime dependency must be pinned and match what is installed (lint rule no-dependency-mismatch). */
export function checkDependencies(appDir: string, manifest: Manifest, findings: Findings): void {
  for (const [name, version] of Object.entries(manifest.dependencies ?? {})) {
    const pkgFile = resolve(appDir, 'node_modules', name, 'package.json');
    if (!existsSync(pkgFile)) {
      findings.warn(FILE, `dependency '${name}' is not installed locally, so tests cannot exercise the version the platform will install.`);
      continue;
    }
    const installed = (JSON.parse(readFileSync(pkgFile, 'utf8')) as { version: string }).version;
    if (installed !== version) findings.error(FILE, `dependency '${name}' is ${version} in manifest.json but ${installed} in node_modules; pin the same version in both (no-dependency-mismatch).`);
  }
}

/** FDK 10 packs only when the unit-test hook, a vitest config and tests/ exist (fdk-platform.md §2.7). */
export function checkUnitTestHook(appDir: string, manifest: Manifest, findings: Findings): void {
  if (manifest.scripts?.['fdk-unit-test'] === undefined) findings.warn(FILE, 'scripts.fdk-unit-test is missing: FDK 10 runs it on pack to gather unit-test coverage.');
  const hasConfig = ['vitest.config.js', 'vitest.config.ts', 'vitest.config.mjs'].some((f) => existsSync(resolve(appDir, f)));
  if (!hasConfig) findings.warn(FILE, 'no vitest.config.{js,ts,mjs} next to manifest.json: `fdk pack` expects one with scripts.fdk-unit-test.');
  if (!existsSync(resolve(appDir, 'tests'))) findings.warn(FILE, 'no tests/ directory: `fdk pack` expects unit tests there.');
}
