import { defineConfig } from 'vitest/config';

/**
 * Three projects, one per kind of test:
 * - unit: pure modules (core/, app/src, config/src) and small pieces of the devkit, no network;
 * - integration: the devkit's runtime and fake Freshservice over real HTTP on 127.0.0.1;
 * - browser: real Chromium driven by playwright-core against the devkit's dev server.
 * Coverage is measured on the TypeScript that compiles into the shipped files (server.js, app.js,
 * iparams.js); code the runtime executes inside `vm` maps back to it through the build's source maps.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 90_000,
          fileParallelism: false,
        },
      },
    ],
    coverage: {
      enabled: true,
      provider: 'v8',
      reportsDirectory: 'coverage/unit',
      reporter: ['text-summary', 'json', 'json-summary'],
      // server.js is listed because the runtime runs it in `vm`: vitest maps it back to the TypeScript
      // through server.js.map and reports the .ts files; without it the vm script is dropped first.
      include: ['core/**/*.ts', 'server/**/*.ts', 'server/server.js', 'app/src/**/*.ts', 'config/src/**/*.ts', 'ui/**/*.ts'],
      exclude: ['**/*.d.ts', 'devkit/**', 'tests/**', 'node_modules/**'],
      thresholds: { lines: 80, branches: 80, functions: 80, statements: 80 },
    },
  },
});
