/** `npm run build`: compiles the shipped JavaScript and lists what it wrote. */
import { resolve } from 'node:path';
import { build, BuildError } from '../build/build.ts';

const quiet = process.argv.includes('--quiet');
const appDir = resolve(import.meta.dirname, '../..');
const started = performance.now();
try {
  const files = await build(appDir);
  if (!quiet) {
    for (const f of files) console.log(`built ${f.file.padEnd(28)} ${(f.bytes / 1024).toFixed(1).padStart(7)} KB  (${f.target})`);
  }
  console.log(`build: ${files.length} files in ${Math.round(performance.now() - started)} ms`);
} catch (error) {
  const message = error instanceof BuildError ? error.message : String((error as Error)?.stack ?? error);
  console.error(`build failed: ${message}`);
  process.exitCode = 1;
}
