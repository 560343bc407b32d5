// Mutation testing of the core (issue 13, docs/testing.md): `npm run mutate` (slow; not in CI),
// `npm run mutate -- --mutate shared/mask/**/*.ts` for one module. Reports land in reports/mutation/.
// On a busy machine name the module's own tests (tests/mutation/vitest.config.ts):
//   MUTATE_TESTS='tests/unit/shell/ipc.test.ts' npx stryker run stryker.config.mjs --concurrency 1 --mutate electron/main/ipc.ts
// (docs/testing.md lists the command used for each module's score).
const only = Boolean(process.env.MUTATE_TESTS);
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  vitest: only ? { configFile: 'tests/mutation/vitest.config.ts', related: false } : { configFile: 'vitest.config.ts', related: true },
  dryRunTimeoutMinutes: 20,
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 60_000,
  mutate: [
    'shared/engine/**/*.ts',
    'shared/mask.ts',
    'shared/mask/**/*.ts',
    'shared/wall/plan.ts',
    'electron/hub/cache/cache.ts',
    'electron/hub/sync/**/*.ts',
    'electron/hub/outbox/**/*.ts',
    'electron/hub/serve/server.ts',
    'electron/main/ipc.ts',
  ],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
