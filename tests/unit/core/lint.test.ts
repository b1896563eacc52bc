/**
 * The core is bundled into the shipped server.js, app.js and iparams.js, which FDK lints (complexity
 * ≤ 7 per function, no `var`, `eqeqeq`, …; fdk-platform.md §7.3). This test bundles every core module
 * the way the build does (rolldown, ES2020) and lints the result with the devkit's FDK rule set, so
 * a too-complex function or a construct that needs helpers fails here, next to its module.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { rolldown } from 'rolldown';
import { Linter } from 'eslint';
import { fdkLintConfig } from '../../../devkit/validate/lint.ts';

const CORE = fileURLToPath(new URL('../../../core/', import.meta.url));

function coreModules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return coreModules(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

async function bundleCore(): Promise<string> {
  const modules = coreModules(CORE);
  // Re-exporting (not `import * as`) keeps the bundle free of namespace-object helpers the real
  // builds never need; the output is then an ES module, linted as one.
  const entry = modules.map((m) => `export * from ${JSON.stringify(m)};`).join('\n');
  const bundle = await rolldown({
    input: 'core-entry',
    platform: 'neutral',
    // Keep everything, so no function escapes the lint through tree-shaking.
    treeshake: false,
    transform: { target: 'es2020' },
    plugins: [{ name: 'entry', resolveId: (id) => (id === 'core-entry' ? id : null), load: (id) => (id === 'core-entry' ? entry : null) }],
  });
  const { output } = await bundle.generate({ format: 'esm' });
  await bundle.close();
  return output[0].code;
}

describe('core: FDK lint', () => {
  it('core: bundles without third-party code and passes the FDK lint rules', async () => {
    const code = await bundleCore();
    expect(code).not.toMatch(/node_modules/);
    const config = [...fdkLintConfig([]), { files: ['**/*.js'], languageOptions: { sourceType: 'module' as const } }];
    const messages = new Linter().verify(code, config, { filename: 'server/core.js' });
    expect(messages.map((m) => `${m.line}:${m.column} ${m.ruleId ?? 'parse'} ${m.message}`)).toEqual([]);
  }, 30_000);
});
