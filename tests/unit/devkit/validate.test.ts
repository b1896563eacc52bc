import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { formatReport } from '../../../devkit/validate/findings.ts';
import { validateApp } from '../../../devkit/validate/index.ts';
import { svgSize } from '../../../devkit/validate/pages.ts';

const BASE = resolve(import.meta.dirname, '../../fixtures/validate/base');
const dirs: string[] = [];

/** A fresh copy of the known-good fixture app, with `edits` applied (path → new content or a JSON edit). */
function fixture(edits: Record<string, string | ((json: any) => void)> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'validate-'));
  dirs.push(dir);
  cpSync(BASE, dir, { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    const path = join(dir, file);
    if (typeof edit === 'string') {
      writeFileSync(path, edit);
    } else {
      const json = JSON.parse(readFileSync(path, 'utf8'));
      edit(json);
      writeFileSync(path, JSON.stringify(json, null, 2));
    }
  }
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function messages(dir: string): Promise<string[]> {
  const result = await validateApp(dir);
  return result.findings.filter((f) => f.severity === 'error').map((f) => `${f.file}: ${f.message}${f.rule ? ` (${f.rule})` : ''}`);
}

describe('validate: a correct app', () => {
  test('passes with no errors and lists the exported functions', async () => {
    const result = await validateApp(fixture());
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.exported.sort()).toEqual(['lookup', 'onAppInstallHandler', 'onTicketCreateHandler']);
    expect(result.lintedFiles).toBe(2);
    expect(formatReport(result.findings)).toContain('✔ Validation Successful');
  });
});

describe('validate: manifest', () => {
  test('broken JSON is reported with its line and column', async () => {
    const dir = fixture({ 'manifest.json': '{\n  "platform-version": "3.0",\n  "modules": {,\n}' });
    const found = await messages(dir);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^manifest\.json: is not valid JSON at line 3, column \d+/);
  });

  test('the 2.x "product" key is refused with the platform message', async () => {
    const found = await messages(fixture({ 'manifest.json': (m) => { m.product = { freshservice: {} }; } }));
    expect(found).toContain('manifest.json: Platform version >= 3.0 does not support "product" in manifest.json; declare modules instead ("modules": { "common": {...}, "service_ticket": {...} }).');
  });

  test('a product location declared in common is refused', async () => {
    const found = await messages(fixture({ 'manifest.json': (m) => { m.modules.common.location = { ticket_sidebar: { url: 'index.html', icon: 'styles/images/icon.svg' } }; } }));
    expect(found).toContain('manifest.json: Invalid location(s) mentioned in modules in manifest.json: common - ticket_sidebar');
  });

  test('an app with only the common module is refused', async () => {
    const found = await messages(fixture({ 'manifest.json': (m) => { delete m.modules.service_ticket; } }));
    expect(found).toContain('manifest.json: At least one module apart from common must be mentioned (e.g. "service_ticket": {}).');
  });

  test('unknown keys and bad server-method names fail the schema', async () => {
    const found = await messages(fixture({ 'manifest.json': (m) => { m.extra = 1; m.modules.common.functions['1bad'] = {}; } }));
    expect(found).toContain("manifest.json: (top level) must NOT have additional properties 'extra'");
    expect(found).toContain("manifest.json: modules > common > functions has an invalid name '1bad'");
  });

  test('a product event in common and a setup event in a product module are refused', async () => {
    const found = await messages(fixture({ 'manifest.json': (m) => {
      m.modules.common.events.onTicketCreate = { handler: 'onTicketCreateHandler' };
      m.modules.service_ticket.events.onAppUninstall = { handler: 'onAppInstallHandler' };
    } }));
    expect(found.some((f) => f.includes("Event 'onTicketCreate' cannot be registered in modules.common"))).toBe(true);
    expect(found.some((f) => f.includes("Event 'onAppUninstall' must be registered in modules.common.events"))).toBe(true);
  });

  test('engines must pair FDK 10 with Node 24', async () => {
    const found = await messages(fixture({ 'manifest.json': (m) => { m.engines.node = '18.20.8'; } }));
    expect(found).toContain('manifest.json: engines: FDK 10.1.9 runs on Node 24.x, but engines.node is 18.20.8.');
  });

  test('a runtime dependency pinned to another version than installed is refused', async () => {
    const dir = fixture({ 'manifest.json': (m) => { m.dependencies = { handlebars: '1.0.0' }; } });
    cpSync(resolve(import.meta.dirname, '../../../node_modules/handlebars/package.json'), join(dir, 'node_modules/handlebars/package.json'), { recursive: true });
    const found = await messages(dir);
    expect(found.some((f) => /dependency 'handlebars' is 1\.0\.0 in manifest\.json but 4\.\d+\.\d+ in node_modules/.test(f))).toBe(true);
  });
});

describe('validate: request templates', () => {
  test('a template declared in the manifest but not defined is reported', async () => {
    const found = await messages(fixture({ 'manifest.json': (m) => { m.modules.common.requests.createNote = {}; } }));
    expect(found).toContain("config/requests.json: Request template 'createNote' is not defined in config/requests.json (it is declared in manifest.json modules.common.requests).");
  });

  test('a template defined but not declared is a warning', async () => {
    const result = await validateApp(fixture({ 'manifest.json': (m) => { m.modules.common.requests = {}; } }));
    expect(result.ok).toBe(true);
    expect(result.findings.map((f) => f.message)).toContain('request template \'getTicket\' is declared but not associated with any product: add "getTicket": {} to manifest.json modules.common.requests.');
  });

  test('a secure iparam in the path is refused', async () => {
    const found = await messages(fixture({ 'config/requests.json': (r) => { r.getTicket.schema.path = '/api/v2/tickets?key=<%= iparam.api_key %>'; } }));
    expect(found).toContain("config/requests.json: Request template 'getTicket': secure iparam 'api_key' is used in path; secure iparams can only be used in headers.");
  });

  test('a secure iparam in a query value is refused too', async () => {
    const found = await messages(fixture({ 'config/requests.json': (r) => { r.getTicket.schema.query = { token: '<%= iparam.api_key %>' }; } }));
    expect(found).toContain("config/requests.json: Request template 'getTicket': secure iparam 'api_key' is used in query; secure iparams can only be used in headers.");
  });

  test('a host with a protocol, a path or an IP address is refused', async () => {
    for (const [host, text] of [['https://x.freshservice.com', 'must not include a protocol'], ['x.freshservice.com/api', 'must not contain a path'], ['10.0.0.1', 'not an IP address']]) {
      const found = await messages(fixture({ 'config/requests.json': (r) => { r.getTicket.schema.host = host; } }));
      expect(found.some((f) => f.includes(text)), host).toBe(true);
    }
  });

  test('a template without a schema fails with the platform wording', async () => {
    const found = await messages(fixture({ 'config/requests.json': '{ "getTicket": { "options": { "maxAttempts": 9 } } }' }));
    expect(found).toContain("config/requests.json: getTicket must have required property 'schema'");
    expect(found).toContain('config/requests.json: getTicket > options > maxAttempts must be <= 5');
  });
});

describe('validate: server handlers', () => {
  test('a handler named in the manifest but not exported is reported', async () => {
    const found = await messages(fixture({ 'server/server.js': 'exports = {\n  onAppInstallHandler: function () {\n    renderData();\n  },\n  lookup: function () {\n    renderData(null, {});\n  }\n};\n' }));
    expect(found).toContain("server/server.js: 'onTicketCreateHandler' (manifest.json modules.service_ticket.events.onTicketCreate) is not exported; add it to the top-level exports = { ... } of server/server.js.");
  });

  test('a server.js that throws on load is reported', async () => {
    const found = await messages(fixture({ 'server/server.js': 'undefinedThing.call();\n' }));
    expect(found.some((f) => f.startsWith('server/server.js: could not be loaded as the platform loads it: undefinedThing is not defined'))).toBe(true);
  });
});

describe('validate: lint of the built code', () => {
  test('var, == and unused variables fail with FDK rule ids and lines', async () => {
    const code = 'var total = 0;\nexports = {\n  onAppInstallHandler: function (args) {\n    if (args == null) { total += 1; }\n    renderData();\n  },\n  onTicketCreateHandler: function () { renderData(); },\n  lookup: function () { renderData(); }\n};\n';
    const found = await messages(fixture({ 'server/server.js': code }));
    expect(found).toContain('server/server.js: Unexpected var, use let or const instead. (no-var)');
    expect(found).toContain("server/server.js: Expected '===' and instead saw '=='. (eqeqeq)");
  });

  test('a function with complexity 8 is refused', async () => {
    const branches = Array.from({ length: 7 }, (_, i) => `  if (x === ${i}) return ${i};`).join('\n');
    const code = `function pick(x) {\n${branches}\n  return -1;\n}\nexports = { onAppInstallHandler: function () { renderData(null, pick(1)); }, onTicketCreateHandler: function () { renderData(); }, lookup: function () { renderData(); } };\n`;
    const found = await messages(fixture({ 'server/server.js': code }));
    expect(found).toContain("server/server.js: Function 'pick' has a complexity of 8. Maximum allowed is 7. (complexity)");
  });

  test('async without await and require of an undeclared package are refused', async () => {
    const code = "exports = {\n  onAppInstallHandler: async function () { renderData(); },\n  onTicketCreateHandler: function () { require('lodash'); },\n  lookup: function () { renderData(); }\n};\n";
    const result = await validateApp(fixture({ 'server/server.js': code }));
    const lint = result.findings.filter((f) => f.kind === 'lint').map((f) => f.rule);
    expect(lint).toContain('require-await');
    expect(lint).toContain('fdk/no-dependency-mismatch');
    expect(result.findings.some((f) => f.message === "could not be loaded as the platform loads it: require('lodash'): not a manifest dependency")).toBe(false);
  });

  test('legacy request verbs are refused', async () => {
    const code = "exports = {\n  onAppInstallHandler: function () { renderData(); },\n  onTicketCreateHandler: function () { return $request.post('https://x', {}); },\n  lookup: function () { renderData(); }\n};\n";
    const found = await messages(fixture({ 'server/server.js': code }));
    expect(found).toContain('server/server.js: post is no longer supported in Request API; use $request.invokeTemplate with a template from config/requests.json. (fdk/no-deprecated-apis)');
  });

  test('front-end code is linted too, against browser globals', async () => {
    const found = await messages(fixture({ 'app/scripts/app.js': 'let unused = window.location;\n' }));
    expect(found).toContain("app/scripts/app.js: 'unused' is assigned a value but never used. (no-unused-vars)");
  });
});

describe('validate: pages and icons', () => {
  test('a location page that does not exist is reported', async () => {
    const found = await messages(fixture({ 'manifest.json': (m) => { m.modules.service_ticket.location.ticket_sidebar.url = 'views/missing.html'; } }));
    expect(found).toContain("app/views/missing.html: Template file 'app/views/missing.html' is not found.");
  });

  test('a ticket_sidebar icon that is not 64x64 is refused', async () => {
    const found = await messages(fixture({ 'app/styles/images/icon.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32"></svg>' }));
    expect(found).toContain('app/styles/images/icon.svg: Invalid dimension of icon \'styles/images/icon.svg\' for ticket_sidebar: it must be 64x64 (set width="64" height="64" viewBox="0 0 64 64").');
  });

  test('a page without {{{appclient}}}, loading from unpkg or a missing script is refused', async () => {
    const html = '<html><head><script src="https://unpkg.com/@freshworks/crayons@4.2.0/dist/crayons/crayons.esm.js"></script></head><body><script src="scripts/gone.js"></script></body></html>';
    const found = await messages(fixture({ 'app/index.html': html }));
    expect(found).toContain('app/index.html: must include <script src="{{{appclient}}}"></script> so the page gets the FDK client.');
    expect(found).toContain("app/index.html: 'https://unpkg.com/@freshworks/crayons@4.2.0/dist/crayons/crayons.esm.js' loads from unpkg; use cdn.jsdelivr.net with a pinned version. (no-unpkg-cdn)");
    expect(found).toContain("app/index.html: references 'scripts/gone.js', which does not exist (run npm run build).");
  });

  test('an unpinned jsDelivr URL is a warning', async () => {
    const html = readFileSync(join(BASE, 'app/index.html'), 'utf8').replace('crayons@4.2.0', 'crayons@v4');
    const result = await validateApp(fixture({ 'app/index.html': html }));
    expect(result.ok).toBe(true);
    expect(result.findings.some((f) => f.severity === 'warning' && f.message.includes('is not pinned to an exact version'))).toBe(true);
  });

  test('svgSize reads attributes, falls back to the viewBox and rejects non-SVG', () => {
    expect(svgSize('<svg width="64" height="64">')).toEqual({ width: 64, height: 64 });
    expect(svgSize('<svg viewBox="0 0 48 24">')).toEqual({ width: 48, height: 24 });
    expect(svgSize('<png>')).toBeUndefined();
  });

  test('the install page is mandatory, and only one kind of it', async () => {
    const dir = fixture();
    rmSync(join(dir, 'config/iparams.json'));
    expect(await messages(dir)).toContain('config: iparams.json is mandatory (or a custom config/iparams.html).');
    const both = fixture({ 'config/iparams.html': '<html>{{{appclient}}}</html>' });
    expect(await messages(both)).toContain('config: has both iparams.json and iparams.html; keep exactly one.');
  });

  test('iparams.json fields are checked against the schema', async () => {
    const found = await messages(fixture({ 'config/iparams.json': (p) => { p.region.type = 'select'; } }));
    expect(found.some((f) => f.startsWith('config/iparams.json: region > type must be one of'))).toBe(true);
  });
});
