/**
 * Renders a request template (config/requests.json) into a concrete HTTP request, refusing what
 * the platform refuses (fdk-platform.md §3.1, §3.2). Which variables each field may use:
 *
 * | field   | iparam | secure iparam | context | current_host |
 * | host    | yes    | no            | yes     | yes          |
 * | path    | yes    | no            | yes     | no           |
 * | query   | yes    | no            | yes     | no           |
 * | headers | yes    | yes           | yes     | yes          |
 * `method` and `protocol` take no placeholders. (current_host outside host/headers follows the
 * devkit's validator; OAuth's `access_token`/`oauth_iparams` are not emulated and are refused.)
 *
 * Host: a fully qualified domain name (no protocol, path or IP address), except a host that is
 * exactly `<%= current_host.endpoint_urls.<product> %>`: that value carries its own protocol
 * (`https://acme.freshservice.com`, or locally `http://127.0.0.1:PORT`), which then wins over
 * `protocol`. `protocol: "http"` is accepted with a warning: local testing only.
 * Query values are URL-encoded; a rendered empty value is still sent (`include=`).
 */
import type { TemplateSpec } from '../app-loader.ts';
import { PlatformRefusal } from '../errors.ts';
import { asText, evaluate, ExpressionError, parseExpression, references, type Expr } from './expression.ts';
import { TEMPLATE_METHODS } from './limits.ts';

export interface RenderScope {
  /** Installed iparams, secure ones included. */
  iparams: Record<string, unknown>;
  secure: ReadonlySet<string>;
  context: Record<string, unknown>;
  currentHost: { endpoint_urls: Record<string, string>; subscribed_modules: readonly string[] };
}

export interface RenderedRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  /** Things to log as warnings (e.g. protocol http). */
  warnings: string[];
}

type Field = 'host' | 'path' | 'query' | 'headers';

const ROOTS: Record<Field, readonly string[]> = {
  host: ['iparam', 'context', 'current_host'],
  path: ['iparam', 'context'],
  query: ['iparam', 'context'],
  headers: ['iparam', 'context', 'current_host'],
};

const PLACEHOLDER = /<%(=?)([\s\S]*?)%>/g;
const ENDPOINT_HOST = /^\s*<%=\s*current_host\s*\.\s*endpoint_urls\s*\.\s*([A-Za-z_$][\w$]*)\s*%>\s*$/;

function refuse(template: string, rule: string, message: string): PlatformRefusal {
  return new PlatformRefusal(rule, 400, `Request template '${template}': ${message}`);
}

function checkReferences(template: string, field: Field, where: string, expr: Expr, scope: RenderScope): void {
  for (const ref of references(expr)) {
    if (ref.root === 'access_token' || ref.root === 'oauth_iparams') {
      throw refuse(template, 'request.oauth', `${ref.root} in ${where}: OAuth templates are not emulated by the devkit.`);
    }
    if (!ROOTS[field].includes(ref.root)) {
      const known = ['iparam', 'context', 'current_host'].includes(ref.root);
      throw refuse(template, 'request.variable-field', known ? `${ref.root} cannot be used in ${field} (${where}); it is substituted only in ${Object.entries(ROOTS).filter(([, r]) => r.includes(ref.root)).map(([f]) => f).join(' and ')}.` : `unknown variable '${ref.root}' in ${where}; templates can use iparam, context, current_host and encode().`);
    }
    const name = ref.keys[0];
    if (ref.root === 'iparam' && name !== undefined && scope.secure.has(name) && field !== 'headers') {
      throw refuse(template, 'request.secure-iparam', `Invalid iparam substitution: secure iparam '${name}' is used in ${where}; secure iparams can only be used in headers.`);
    }
  }
}

function parseOrRefuse(template: string, where: string, source: string): Expr {
  try {
    return parseExpression(source);
  } catch (error) {
    if (error instanceof ExpressionError) throw refuse(template, 'request.template-syntax', `cannot parse <%= ${source.trim()} %> in ${where}: ${error.message}.`);
    throw error;
  }
}

function renderText(template: string, field: Field, where: string, text: string, scope: RenderScope): string {
  const vars: Record<string, unknown> = { iparam: scope.iparams, context: scope.context, current_host: scope.currentHost };
  return String(text).replace(PLACEHOLDER, (_match, equals: string, source: string) => {
    if (equals !== '=') throw refuse(template, 'request.template-syntax', `only <%= expression %> placeholders are substituted; found a <% … %> block in ${where}.`);
    const expr = parseOrRefuse(template, where, source);
    checkReferences(template, field, where, expr, scope);
    return asText(evaluate(expr, vars));
  });
}

function noPlaceholders(template: string, field: string, value: string): void {
  if (value.includes('<%')) throw refuse(template, `request.${field}`, `${field} cannot contain placeholders ('${value}').`);
}

function literalHost(template: string, host: string): void {
  const rule = 'request.host';
  if (host === '') throw refuse(template, rule, 'host rendered to an empty string.');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(host)) throw refuse(template, rule, `host '${host}' must not include a protocol; set "protocol" instead.`);
  if (host.includes('/')) throw refuse(template, rule, `host '${host}' must not contain a path (or a trailing slash); put it in "path".`);
  if (/^\d{1,3}(\.\d{1,3}){3}(:\d+)?$/.test(host) || host.startsWith('[')) throw refuse(template, rule, `host '${host}' must be a domain name, not an IP address.`);
  if (!/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d+)?$/.test(host)) throw refuse(template, rule, `host '${host}' must be a fully qualified domain name (e.g. acme.freshservice.com).`);
}

function origin(template: string, spec: TemplateSpec, scope: RenderScope, warnings: string[]): string {
  const schema = spec.schema;
  const protocol = schema.protocol ?? 'https';
  noPlaceholders(template, 'protocol', protocol);
  if (protocol !== 'https' && protocol !== 'http') throw refuse(template, 'request.protocol', `protocol must be "https" (or "http" for local testing), got '${protocol}'.`);
  const endpoint = ENDPOINT_HOST.exec(schema.host);
  if (endpoint !== null) {
    const product = endpoint[1] ?? '';
    const value = scope.currentHost.endpoint_urls[product];
    if (value === undefined || value === '') throw refuse(template, 'request.host', `host uses current_host.endpoint_urls.${product}, but the account has no ${product} endpoint.`);
    if (/^https?:\/\//i.test(value)) {
      const url = new URL(value);
      if (url.pathname !== '/' || url.search !== '') throw refuse(template, 'request.host', `current_host.endpoint_urls.${product} ('${value}') must be an origin without a path.`);
      return url.origin;
    }
    literalHost(template, value);
    return `${protocol}://${value}`;
  }
  const host = renderText(template, 'host', 'host', schema.host, scope).trim();
  literalHost(template, host);
  if (protocol === 'http') warnings.push(`Request template '${template}': protocol http is only allowed for local testing; a packed or submitted app must use https.`);
  return `${protocol}://${host}`;
}

/** Renders `spec` into a request; throws a `PlatformRefusal` (status 400) naming the broken rule. */
export function renderTemplate(template: string, spec: TemplateSpec, scope: RenderScope, runtimeQuery: Record<string, unknown> = {}): RenderedRequest {
  const schema = spec.schema;
  const warnings: string[] = [];
  const method = String(schema.method ?? '');
  noPlaceholders(template, 'method', method);
  if (!(TEMPLATE_METHODS as readonly string[]).includes(method)) throw refuse(template, 'request.method', `method must be one of ${TEMPLATE_METHODS.join(', ')}, got '${method}'.`);
  const base = origin(template, spec, scope, warnings);
  const path = renderText(template, 'path', 'path', schema.path ?? '/', scope);
  if (!path.startsWith('/')) throw refuse(template, 'request.path', `path must start with '/', got '${path}'.`);
  if (/[?#]/.test(path)) throw refuse(template, 'request.path', `path '${path}' contains a query string or fragment; put query parameters in "query".`);
  const url = new URL(base + path);
  for (const [key, value] of Object.entries(runtimeQuery)) url.searchParams.set(key, asText(value));
  // Since FDK 9.0.5 the template's own query parameters take precedence over runtime ones.
  for (const [key, value] of Object.entries(schema.query ?? {})) url.searchParams.set(key, renderText(template, 'query', `query '${key}'`, String(value), scope));
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(schema.headers ?? {})) {
    const rendered = renderText(template, 'headers', `header '${key}'`, String(value), scope);
    if (/[\r\n]/.test(rendered)) throw refuse(template, 'request.header-value', `header '${key}' rendered to a value containing a line break.`);
    headers[key] = rendered;
  }
  return { method, url, headers, warnings };
}
