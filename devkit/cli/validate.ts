/**
 * `npm run validate [-- --app-dir DIR] [-- --no-build]`: builds the shipped JavaScript, then checks
 * the app like `fdk validate`. Exits non-zero on any error.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from '../build/build.ts';
import { formatReport } from '../validate/findings.ts';
import { validateApp } from '../validate/index.ts';

const { values } = parseArgs({ options: { 'app-dir': { type: 'string' }, 'no-build': { type: 'boolean', default: false } } });
const appDir = resolve(values['app-dir'] ?? resolve(import.meta.dirname, '../..'));

try {
  if (!values['no-build'] && values['app-dir'] === undefined) await build(appDir);
  const result = await validateApp(appDir);
  if (result.exported.length > 0) console.log(`Found [${result.exported.join(', ')}] as exported functions`);
  console.log(`Linted ${result.lintedFiles} shipped JavaScript file(s)`);
  console.log(formatReport(result.findings));
  if (!result.ok) process.exitCode = 1;
} catch (error) {
  console.error(`validate failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
