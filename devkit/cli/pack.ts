/** `npm run pack`: build, validate (must pass), then write dist/ticket-radar.zip and list it. */
import { relative, resolve } from 'node:path';
import { build } from '../build/build.ts';
import { packApp } from '../pack/pack.ts';
import { formatReport } from '../validate/findings.ts';
import { validateApp } from '../validate/index.ts';

const appDir = resolve(import.meta.dirname, '../..');
try {
  await build(appDir);
  const validation = await validateApp(appDir);
  if (!validation.ok) {
    console.error(formatReport(validation.findings));
    console.error('pack: validation failed, nothing packed.');
    process.exitCode = 1;
  } else {
    const result = packApp(appDir);
    for (const f of result.files) console.log(`  ${f.path.padEnd(48)} ${String(f.bytes).padStart(9)} B`);
    console.log(`pack: ${relative(appDir, result.zipFile)} (${result.files.length} files, ${(result.zipBytes / 1024).toFixed(1)} KB)`);
  }
} catch (error) {
  console.error(`pack failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
