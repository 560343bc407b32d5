/**
 * vitest for Stryker (stryker.config.mjs): the tests of the module being mutated only, named by
 * MUTATE_TESTS (comma-separated globs), e.g.
 *   MUTATE_TESTS='tests/unit/shell/ipc.test.ts' npx stryker run stryker.config.mjs --mutate electron/main/ipc.ts
 * Without it: the whole unit + integration suite (as vitest.config.ts).
 */
import { defineConfig } from 'vitest/config';

const only = process.env.MUTATE_TESTS?.split(',').map((s) => s.trim()).filter(Boolean);

export default defineConfig({
  test: {
    include: only?.length ? only : ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    pool: 'forks',
  },
});
