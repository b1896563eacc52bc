/**
 * `require` inside the sandbox. The platform installs the packages named in manifest.json
 * `dependencies` (exact versions) and nothing else, and lets server code load its own files under
 * `server/` (fdk-platform.md §1.5, §2.1). So:
 * - a package must be declared, and the copy found in the project's node_modules must have the
 *   pinned version (FDK's `no-dependency-mismatch` rule); otherwise require throws naming the rule;
 * - Node built-ins (`fs`, `http`, …) are not declared packages and are refused the same way;
 * - relative paths load CommonJS files under `server/` into the invocation's context.
 *
 * Packages run in the host realm and Node's module cache (loaded once per process, like a warm
 * platform container); the app's own files are re-evaluated in every fresh context.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import vm from 'node:vm';
import type { LoadedApp } from './app-loader.ts';

export class RequireRefusal extends Error {
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'RequireRefusal';
  }
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/** Loads declared packages, checking the installed version once per package. */
export class PackageResolver {
  readonly #app: LoadedApp;
  readonly #require: NodeJS.Require;
  readonly #checked = new Map<string, RequireRefusal | true>();

  constructor(app: LoadedApp) {
    this.#app = app;
    this.#require = createRequire(app.serverPath);
  }

  load(specifier: string): unknown {
    const name = packageName(specifier);
    const pinned = this.#app.dependencies[name];
    if (pinned === undefined) {
      const what = isBuiltin(specifier) ? `'${specifier}' is a Node.js built-in module, not a declared package` : `'${name}' is not declared in manifest.json "dependencies"`;
      throw new RequireRefusal('sandbox.require-undeclared', `require('${specifier}'): ${what}; the platform installs only the packages listed there (with exact versions), so this require fails in production.`);
    }
    const verdict = this.#checked.get(name) ?? this.#check(name, pinned);
    this.#checked.set(name, verdict);
    if (verdict !== true) throw verdict;
    return this.#require(specifier);
  }

  #check(name: string, pinned: string): RequireRefusal | true {
    const dir = (this.#require.resolve.paths(name) ?? []).map((p) => join(p, name)).find((p) => existsSync(join(p, 'package.json')));
    if (dir === undefined) {
      return new RequireRefusal('sandbox.require-missing', `require('${name}'): declared in manifest.json "dependencies" (${pinned}) but not installed in node_modules; run npm install.`);
    }
    const installed = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: string }).version;
    if (installed !== pinned.replace(/^[=v]/, '')) {
      return new RequireRefusal('sandbox.require-version', `require('${name}'): manifest.json "dependencies" pins ${name} ${pinned} but node_modules has ${String(installed)}; the platform installs exactly the manifest's version (FDK lint rule no-dependency-mismatch).`);
    }
    return true;
  }
}

const WRAPPER_PARAMS = ['exports', 'require', 'module', '__filename', '__dirname'];

/**
 * The `require` for one invocation context: packages through `packages`, relative files under
 * server/ compiled into `context` (once per context). `refused` is told about every refusal.
 */
export function sandboxRequire(app: LoadedApp, packages: PackageResolver, context: vm.Context, refused: (error: RequireRefusal) => void): (specifier: string) => unknown {
  const serverDir = dirname(app.serverPath);
  const cache = new Map<string, { exports: unknown }>();

  const loadFile = (file: string): unknown => {
    const cached = cache.get(file);
    if (cached !== undefined) return cached.exports;
    const module = { exports: {} as unknown };
    cache.set(file, module);
    if (file.endsWith('.json')) {
      module.exports = vm.runInContext(`JSON.parse(${JSON.stringify(readFileSync(file, 'utf8'))})`, context);
      return module.exports;
    }
    const fn = vm.compileFunction(readFileSync(file, 'utf8'), WRAPPER_PARAMS, { filename: file, parsingContext: context });
    fn.call(module.exports, module.exports, requireFrom(dirname(file)), module, file, dirname(file));
    return module.exports;
  };

  const resolveFile = (from: string, specifier: string): string => {
    const base = resolve(from, specifier);
    const inside = base === serverDir || !relative(serverDir, base).startsWith('..');
    if (!inside) throw new RequireRefusal('sandbox.require-outside-server', `require('${specifier}'): resolves to ${base}, outside server/; the platform only ships the app's server/ folder.`);
    const found = [base, `${base}.js`, `${base}.json`, join(base, 'index.js')].find((p) => statSync(p, { throwIfNoEntry: false })?.isFile() === true);
    if (found === undefined) throw new RequireRefusal('sandbox.require-not-found', `require('${specifier}'): no file ${base}(.js|.json|/index.js) under server/.`);
    return found;
  };

  function requireFrom(dir: string): (specifier: string) => unknown {
    return (specifier: string) => {
      try {
        if (typeof specifier !== 'string') throw new RequireRefusal('sandbox.require-undeclared', `require(${String(specifier)}): the argument must be a string.`);
        return specifier.startsWith('.') || specifier.startsWith('/') ? loadFile(resolveFile(dir, specifier)) : packages.load(specifier);
      } catch (error) {
        if (error instanceof RequireRefusal) refused(error);
        throw error;
      }
    };
  }

  return requireFrom(serverDir);
}
