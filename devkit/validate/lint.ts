/**
 * FDK's lint gate, run with ESLint over every shipped `.js` under app/, server/ and config/
 * (vendored files included, as FDK does), parsed as ECMAScript 2020 scripts. The rule list is the
 * one FDK 10.1 logs for server.js (fdk-platform.md §7.3), complexity capped at 7.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ESLint, type Linter } from 'eslint';
import globals from 'globals';
import type { Findings } from './findings.ts';
import { fdkPlugin } from './lint-rules.ts';

const CORE_RULES = [
  'no-eval', 'no-alert', 'no-debugger', 'no-unreachable', 'no-duplicate-imports', 'constructor-super', 'for-direction',
  'no-class-assign', 'no-new-native-nonconstructor', 'valid-typeof', 'no-eq-null', 'no-var', 'require-await',
  'no-unreachable-loop', 'no-redeclare', 'no-self-assign', 'no-setter-return', 'no-shadow-restricted-names',
  'no-this-before-super', 'no-unsafe-finally', 'no-unsafe-optional-chaining', 'no-unused-vars', 'no-useless-catch',
  'eqeqeq', 'prefer-const', 'require-yield', 'no-global-assign', 'no-caller', 'no-process-env', 'max-nested-callbacks',
  'handle-callback-err', 'getter-return', 'no-async-promise-executor', 'no-case-declarations', 'no-compare-neg-zero',
  'no-cond-assign', 'no-const-assign', 'no-constant-condition', 'no-control-regex', 'no-delete-var', 'no-dupe-args',
  'no-dupe-class-members', 'no-dupe-else-if', 'no-dupe-keys', 'no-duplicate-case', 'no-empty', 'no-empty-character-class',
  'no-empty-pattern', 'no-ex-assign', 'no-extra-boolean-cast', 'no-extra-semi', 'no-fallthrough', 'no-func-assign',
  'no-import-assign', 'no-inner-declarations', 'no-invalid-regexp', 'no-irregular-whitespace', 'no-loss-of-precision',
  'no-misleading-character-class', 'no-mixed-spaces-and-tabs', 'no-nonoctal-decimal-escape', 'no-obj-calls', 'no-octal',
  'no-prototype-builtins', 'no-regex-spaces', 'no-sparse-arrays', 'no-unexpected-multiline', 'no-unsafe-negation',
  'no-unused-labels', 'no-useless-backreference', 'no-useless-escape', 'no-with', 'use-isnan', 'no-empty-function',
] as const;

/** The FDK lint configuration; exported so tests can lint snippets with exactly these rules. */
export function fdkLintConfig(dependencies: readonly string[]): Linter.Config[] {
  const rules: Linter.RulesRecord = Object.fromEntries(CORE_RULES.map((r) => [r, 'error']));
  rules.complexity = ['error', 7];
  rules['fdk/no-unpkg-cdn'] = 'error';
  rules['fdk/no-deprecated-apis'] = 'error';
  rules['fdk/no-proxy-requests'] = 'error';
  rules['fdk/no-dependency-mismatch'] = ['error', { dependencies: [...dependencies] }];
  rules['fdk/no-unhandled-promise'] = 'warn';
  const fdkGlobals = { $request: 'readonly', $db: 'readonly', $schedule: 'readonly', $job: 'readonly', renderData: 'readonly', generateTargetUrl: 'readonly', require: 'readonly', exports: 'writable', console: 'readonly' } as const;
  return [
    { files: ['**/*.js'], plugins: { fdk: fdkPlugin }, linterOptions: { reportUnusedDisableDirectives: 'off' }, languageOptions: { ecmaVersion: 2020, sourceType: 'script', globals: { ...globals.es2020 } }, rules },
    { files: ['server/**/*.js'], languageOptions: { globals: fdkGlobals } },
    { files: ['app/**/*.js', 'config/**/*.js'], languageOptions: { globals: { ...globals.browser, app: 'readonly' } } },
  ];
}

/** Every .js file under the shipped folders. */
export function shippedScripts(appDir: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry);
      if (entry === 'node_modules') continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.js')) out.push(relative(appDir, path));
    }
  };
  for (const root of ['app', 'server', 'config']) walk(join(appDir, root));
  return out.sort();
}

export async function lintShipped(appDir: string, dependencies: readonly string[], findings: Findings): Promise<number> {
  const files = shippedScripts(appDir);
  if (files.length === 0) return 0;
  const eslint = new ESLint({ cwd: appDir, overrideConfigFile: true, overrideConfig: fdkLintConfig(dependencies), ignore: false });
  const results = await eslint.lintFiles(files);
  for (const result of results) {
    for (const m of result.messages) {
      findings.add({ severity: m.severity === 2 ? 'error' : 'warning', kind: 'lint', file: relative(appDir, result.filePath), line: m.line, message: m.message, rule: m.ruleId ?? 'parse' });
    }
  }
  return files.length;
}
