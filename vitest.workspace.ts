/**
 * The live list of test projects. The root vitest.config.ts reads this array
 * into `test.projects` (Vitest 4+ no longer loads this file by itself).
 */
export default [
  'packages/core',
  'packages/store',
  'apps/server',
  'apps/cli',
  'tests',
];
