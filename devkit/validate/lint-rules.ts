/**
 * Local stand-ins for FDK's own lint rules (named in FDK 10's debug log; fdk-platform.md §7.3).
 * Their source is not public, so each rule below implements what its name and the known messages
 * say, and nothing more. `no-non-client-request-model` and `no-logging-rejections` are not
 * emulated: nothing public says what they match.
 */
import type { Rule } from 'eslint';

type Node = Rule.Node & { callee?: { type: string; object?: { type: string; name?: string; property?: { name?: string } }; property?: { name?: string } } };

const noUnpkgCdn: Rule.RuleModule = {
  meta: { type: 'problem', messages: { unpkg: 'Do not load code from unpkg.com; use cdn.jsdelivr.net with a pinned version.' }, schema: [] },
  create(context) {
    const check = (node: Rule.Node, text: string): void => {
      if (/unpkg\.com/i.test(text)) context.report({ node, messageId: 'unpkg' });
    };
    return {
      Literal: (node) => typeof node.value === 'string' && check(node, node.value),
      TemplateElement: (node) => check(node, node.value.raw),
    };
  },
};

const REMOVED_VERBS = new Set(['get', 'post', 'put', 'patch', 'delete']);

const noDeprecatedApis: Rule.RuleModule = {
  meta: { type: 'problem', messages: { verb: '{{verb}} is no longer supported in Request API; use $request.invokeTemplate with a template from config/requests.json.' }, schema: [] },
  create(context) {
    return {
      CallExpression(node) {
        const callee = (node as Node).callee;
        const verb = callee?.type === 'MemberExpression' ? callee.property?.name : undefined;
        if (callee?.object?.type === 'Identifier' && callee.object.name === '$request' && verb !== undefined && REMOVED_VERBS.has(verb)) {
          context.report({ node, messageId: 'verb', data: { verb } });
        }
      },
    };
  },
};

const noProxyRequests: Rule.RuleModule = {
  meta: { type: 'problem', messages: { proxy: 'client.request.{{verb}} (the request proxy) is removed; use client.request.invokeTemplate.' }, schema: [] },
  create(context) {
    return {
      CallExpression(node) {
        const callee = (node as Node).callee;
        const object = callee?.object;
        const verb = callee?.property?.name;
        const isRequest = object?.type === 'MemberExpression' && object.property?.name === 'request';
        if (isRequest && verb !== undefined && REMOVED_VERBS.has(verb)) context.report({ node, messageId: 'proxy', data: { verb } });
      },
    };
  },
};

/** `require` may only load packages the manifest declares; options: [{ dependencies: string[] }]. */
const noDependencyMismatch: Rule.RuleModule = {
  meta: {
    type: 'problem',
    messages: { undeclared: "'{{name}}' is required but not declared in manifest.json dependencies." },
    schema: [{ type: 'object', properties: { dependencies: { type: 'array', items: { type: 'string' } } }, additionalProperties: false }],
  },
  create(context) {
    const allowed = new Set((context.options[0] as { dependencies?: string[] } | undefined)?.dependencies ?? []);
    return {
      CallExpression(node) {
        const callee = (node as Node).callee as { type: string; name?: string } | undefined;
        const arg = node.arguments[0];
        if (callee?.type !== 'Identifier' || callee.name !== 'require' || arg?.type !== 'Literal' || typeof arg.value !== 'string') return;
        const name = arg.value;
        if (name.startsWith('.')) return;
        const pkg = name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : (name.split('/')[0] ?? name);
        if (!allowed.has(pkg)) context.report({ node, messageId: 'undeclared', data: { name } });
      },
    };
  },
};

/** A `.then(onFulfilled)` whose rejection nobody handles (no second argument, no `.catch`, not awaited or returned). */
const noUnhandledPromise: Rule.RuleModule = {
  meta: { type: 'problem', messages: { unhandled: 'Expected rejection to be handled.' }, schema: [] },
  create(context) {
    return {
      'ExpressionStatement > CallExpression'(node: Rule.Node) {
        const call = node as Rule.Node & { callee: { type: string; property?: { name?: string } }; arguments: unknown[] };
        if (call.callee.type === 'MemberExpression' && call.callee.property?.name === 'then' && call.arguments.length < 2) {
          context.report({ node, messageId: 'unhandled' });
        }
      },
    };
  },
};

export const fdkPlugin = {
  meta: { name: 'fdk-local', version: '1.0.0' },
  rules: {
    'no-unpkg-cdn': noUnpkgCdn,
    'no-deprecated-apis': noDeprecatedApis,
    'no-proxy-requests': noProxyRequests,
    'no-dependency-mismatch': noDependencyMismatch,
    'no-unhandled-promise': noUnhandledPromise,
  },
};
