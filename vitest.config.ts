import { defineConfig } from 'vitest/config';

// One root config runs every package's tests. The `source` export condition lets tests import
// workspace packages from their TypeScript sources without a build; end-to-end tests run the built
// binary and therefore need `pnpm build` first (the `test` script does that).
export default defineConfig({
  resolve: {
    conditions: ['source'],
  },
  ssr: {
    resolve: {
      conditions: ['source'],
      externalConditions: ['source'],
    },
  },
  test: {
    include: [
      'packages/*/src/**/*.test.{ts,tsx}',
      'packages/*/test/**/*.test.{ts,tsx}',
      'policies/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most suites wait on a simulator, a child process or the network rather than on the CPU; vitest's default
    // of one file at a time on a two-core machine leaves the cores idle. Three files at a time keep them busy.
    maxWorkers: 3,
    reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
  },
});
