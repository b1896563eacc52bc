/**
 * Request-template checks: every template declared in the manifest is defined and vice versa, and
 * each placeholder only uses what the platform substitutes in that field (fdk-platform.md §3.1, §3.2):
 *
 * | field   | iparam (non-secure) | secure iparam | context | current_host |
 * | host    | yes                 | no            | yes     | yes          |
 * | path    | yes                 | no            | yes     | —            |
 * | query   | yes                 | no            | yes     | —            |
 * | headers | yes                 | yes           | yes     | yes          |
 * `method` and `protocol` take no placeholders at all.
 */
import type { Findings } from './findings.ts';
import type { Manifest } from './manifest.ts';

const FILE = 'config/requests.json';

interface TemplateSchema {
  method: string;
  protocol?: string;
  host: string;
  path?: string;
  headers?: Record<string, string>;
  query?: Record<string, string | number>;
}

export type Requests = Record<string, { schema: TemplateSchema; options?: Record<string, unknown> }>;

type Field = 'host' | 'path' | 'query' | 'headers';

const PLACEHOLDER = /<%=?\s*([\s\S]*?)\s*%>/g;
const VARIABLE = /\b(iparam|context|current_host|access_token|oauth_iparams)\b(?:\.([A-Za-z_$][\w$]*))?/g;

/** The variables a placeholder expression refers to, e.g. `encode(iparam.api_key + ':X')` → iparam.api_key. */
export function placeholderVariables(text: string): Array<{ root: string; name: string | undefined; raw: string }> {
  const found: Array<{ root: string; name: string | undefined; raw: string }> = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    const expression = (match[1] ?? '').replace(/'[^']*'|"[^"]*"/g, '');
    for (const v of expression.matchAll(VARIABLE)) {
      found.push({ root: v[1] ?? '', name: v[2], raw: match[0] });
    }
  }
  return found;
}

export function checkDeclarations(manifest: Manifest, requests: Requests, findings: Findings): void {
  const declared = Object.keys(manifest.modules.common?.requests ?? {});
  for (const name of declared) {
    if (!(name in requests)) findings.error(FILE, `Request template '${name}' is not defined in config/requests.json (it is declared in manifest.json modules.common.requests).`);
  }
  for (const name of Object.keys(requests)) {
    if (!declared.includes(name)) findings.warn(FILE, `request template '${name}' is declared but not associated with any product: add "${name}": {} to manifest.json modules.common.requests.`);
  }
}

function checkVariable(template: string, field: Field, v: { root: string; name: string | undefined }, secure: ReadonlySet<string>, findings: Findings): void {
  const label = `Request template '${template}'`;
  if (v.root === 'iparam' && v.name !== undefined && secure.has(v.name) && field !== 'headers') {
    findings.error(FILE, `${label}: secure iparam '${v.name}' is used in ${field}; secure iparams can only be used in headers.`);
  }
  if (v.root === 'current_host' && (field === 'path' || field === 'query')) {
    findings.error(FILE, `${label}: current_host can only be used in host or headers, not in ${field}.`);
  }
  if (v.root === 'access_token' && field !== 'headers') {
    findings.error(FILE, `${label}: access_token can only be used in headers.`);
  }
}

function fieldValues(schema: TemplateSchema): Array<[Field, string]> {
  const values: Array<[Field, string]> = [['host', schema.host]];
  if (schema.path !== undefined) values.push(['path', schema.path]);
  for (const v of Object.values(schema.query ?? {})) values.push(['query', String(v)]);
  for (const v of Object.values(schema.headers ?? {})) values.push(['headers', v]);
  return values;
}

/** Host must be a bare FQDN (no scheme, path or IP) unless it is entirely the account's endpoint URL. */
export function checkHost(template: string, host: string, findings: Findings): void {
  const label = `Request template '${template}'`;
  if (/^<%=?\s*current_host\.endpoint_urls\.\w+\s*%>$/.test(host.trim())) return;
  const literal = host.replace(PLACEHOLDER, 'x');
  if (/^[a-z]+:\/\//i.test(literal)) findings.error(FILE, `${label}: host '${host}' must not include a protocol; set "protocol" instead.`);
  else if (literal.includes('/')) findings.error(FILE, `${label}: host '${host}' must not contain a path; put it in "path".`);
  else if (/^\d+(\.\d+){3}(:\d+)?$/.test(literal)) findings.error(FILE, `${label}: host '${host}' must be a domain name, not an IP address.`);
}

export function checkTemplates(requests: Requests, secure: ReadonlySet<string>, findings: Findings): void {
  for (const [name, template] of Object.entries(requests)) {
    const schema = template.schema;
    if (/<%/.test(schema.method) || /<%/.test(schema.protocol ?? '')) {
      findings.error(FILE, `Request template '${name}': method and protocol cannot contain placeholders.`);
    }
    if (schema.protocol === 'http') findings.warn(FILE, `Request template '${name}': protocol http is only allowed for local testing; the Marketplace requires https.`);
    checkHost(name, schema.host, findings);
    for (const [field, value] of fieldValues(schema)) {
      for (const v of placeholderVariables(value)) checkVariable(name, field, v, secure, findings);
    }
  }
}
