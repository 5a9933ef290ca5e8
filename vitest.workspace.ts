/**
 * The live list of test projects: the single source. The root vitest.config.ts reads this array
 * into `test.projects` (Vitest 4+ no longer loads this file by itself).
 *
 * `unit:*` projects are in-process and need no build (`pnpm test:unit`); `e2e:*` projects spawn
 * the built server and CLI or pack the packages (`pnpm test:e2e`) and build what is stale first.
 */
export const unitProjects = [
  'packages/core/vitest.config.ts',
  'packages/store/vitest.config.ts',
  'apps/server/vitest.config.ts',
  'apps/cli/vitest.config.ts',
  'apps/dashboard/vitest.config.ts',
  'bench/vitest.config.ts',
];

export const e2eProjects = [
  'apps/server/vitest.e2e.config.ts',
  'apps/server/vitest.postgres.config.ts',
  'apps/cli/vitest.e2e.config.ts',
  'apps/cli/vitest.postgres.config.ts',
  'apps/cli/vitest.server.config.ts',
  'tests/vitest.config.ts',
  'tests/browser/vitest.config.ts',
];

export default [...unitProjects, ...e2eProjects];
