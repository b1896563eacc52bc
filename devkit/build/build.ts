/**
 * Compiles the TypeScript sources into the JavaScript the FDK ships and lints: `server/server.js`,
 * `app/scripts/app.js` and `config/assets/iparams.js`.
 *
 * Why rolldown and not esbuild: FDK lints the *built* files with `no-var` and `prefer-const`, and
 * esbuild rewrites every top-level `const`/`let` of a bundle to `var`. Rolldown keeps declarations
 * as written, leaves `require("<dependency>")` calls alone in CommonJS output and emits nothing
 * else of its own as long as the sources avoid constructs that need helpers (class fields, which
 * ES2020 lacks, are the one to watch).
 *
 * The server bundle is CommonJS so that the entry's top-level `exports = { ... }` and
 * `require("handlebars")` survive verbatim: that is exactly the classic-script shape the FDK
 * loads. Browser bundles are IIFEs. Third-party code never enters a bundle: server code may only
 * `require` packages listed in the manifest's `dependencies` (installed by the platform), and
 * browser code loads libraries from jsDelivr.
 */
import { readFileSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { rolldown, type Plugin } from 'rolldown';

export interface BuildTarget {
  /** Short name used in messages. */
  name: string;
  /** TypeScript entry, relative to the app root. */
  input: string;
  /** Shipped JavaScript, relative to the app root (a `.map` is written beside it). */
  output: string;
  format: 'cjs' | 'iife';
  platform: 'neutral' | 'browser';
}

export const BUILD_TARGETS: readonly BuildTarget[] = [
  { name: 'server', input: 'server/server.ts', output: 'server/server.js', format: 'cjs', platform: 'neutral' },
  { name: 'sidebar', input: 'app/src/main.ts', output: 'app/scripts/app.js', format: 'iife', platform: 'browser' },
  { name: 'install page', input: 'config/src/iparams.ts', output: 'config/assets/iparams.js', format: 'iife', platform: 'browser' },
];

export interface BuiltFile {
  target: string;
  file: string;
  bytes: number;
}

export class BuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BuildError';
  }
}

/** Reads the manifest's runtime `dependencies`: the only packages server code may `require`. */
export function manifestDependencies(appDir: string): string[] {
  const manifest = JSON.parse(readFileSync(resolve(appDir, 'manifest.json'), 'utf8')) as { dependencies?: Record<string, string> };
  return Object.keys(manifest.dependencies ?? {});
}

/** Fails the build when a bundle would swallow a package from node_modules. */
function noThirdPartyCode(target: BuildTarget, allowed: readonly string[]): Plugin {
  return {
    name: 'ticket-radar:no-third-party-code',
    resolveId(source) {
      const bare = !source.startsWith('.') && !source.startsWith('/') && !source.startsWith('\0');
      if (!bare) return null;
      const pkg = source.startsWith('@') ? source.split('/').slice(0, 2).join('/') : source.split('/')[0];
      if (target.platform === 'neutral' && pkg !== undefined && allowed.includes(pkg)) {
        return { id: source, external: true };
      }
      const fix =
        target.platform === 'neutral'
          ? `declare "${pkg}" in manifest.json "dependencies" so the platform installs it`
          : `load it from jsDelivr with a pinned version in the HTML instead`;
      throw new BuildError(`${target.input}: import of "${source}" would bundle third-party code into ${target.output}; ${fix}.`);
    },
  };
}

/** Rolldown wraps plugin and syntax errors; surface the first one as a plain BuildError. */
function unwrap(error: unknown, target: BuildTarget): BuildError {
  const inner = (error as { errors?: Array<{ message?: string }> }).errors?.[0]?.message;
  const message = inner ?? (error as Error).message ?? String(error);
  return new BuildError(message.startsWith(target.input) ? message : `${target.input}: ${message}`);
}

async function buildTarget(appDir: string, target: BuildTarget, deps: readonly string[]): Promise<BuiltFile> {
  try {
    return await bundleTarget(appDir, target, deps);
  } catch (error) {
    throw error instanceof BuildError ? error : unwrap(error, target);
  }
}

async function bundleTarget(appDir: string, target: BuildTarget, deps: readonly string[]): Promise<BuiltFile> {
  const input = resolve(appDir, target.input);
  const bundle = await rolldown({
    input,
    cwd: appDir,
    platform: target.platform,
    plugins: [noThirdPartyCode(target, deps)],
    transform: { target: 'es2020' },
    treeshake: true,
    logLevel: 'warn',
  });
  try {
    await bundle.write({
      file: resolve(appDir, target.output),
      format: target.format,
      sourcemap: true,
      comments: { legal: false, annotation: false, jsdoc: false },
    });
  } finally {
    await bundle.close();
  }
  const file = resolve(appDir, target.output);
  return { target: target.name, file: relative(appDir, file), bytes: statSync(file).size };
}

/** Builds every target whose entry exists; a missing entry is an error (every shipped file is built). */
export async function build(appDir: string, targets: readonly BuildTarget[] = BUILD_TARGETS): Promise<BuiltFile[]> {
  const deps = manifestDependencies(appDir);
  const built: BuiltFile[] = [];
  for (const target of targets) {
    try {
      statSync(resolve(appDir, target.input));
    } catch {
      throw new BuildError(`${target.input} is missing: it is the source of ${target.output}.`);
    }
    built.push(await buildTarget(appDir, target, deps));
  }
  return built;
}
