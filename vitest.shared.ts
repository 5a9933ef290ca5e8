/**
 * Building blocks for the test projects listed in vitest.workspace.ts.
 *
 * - Unit projects (`unit:*`) run `src/**\/*.test.ts` in-process: no child processes, no built
 *   artefacts (the testkit's launchers of the built server and CLI refuse to run in them). Workspace packages resolve to their sources through the same map the test
 *   typecheck uses (tsconfig.paths.json), so a single unit file runs without a build.
 * - End-to-end projects (`e2e:*`) run `test/**\/*.e2e.test.ts` against the built server and CLI
 *   as real processes; their global setup builds whatever is out of date first.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineProject, type TestProjectInlineConfiguration } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));
const paths: Record<string, string[]> = JSON.parse(readFileSync(new URL('./tsconfig.paths.json', import.meta.url), 'utf8')).compilerOptions.paths;

/** Starts the test run's Postgres (once) for the projects that ask for it. */
const postgresSetup = fileURLToPath(new URL('./scripts/vitest-postgres-setup.ts', import.meta.url));

/** `@router/core` → packages/core/src/index.ts, and so on; exact matches only. */
export const sourceAliases = Object.entries(paths)
  .sort(([a], [b]) => b.length - a.length)
  .map(([name, [target]]) => ({ find: new RegExp(`^${name.replace(/[/.]/g, '\\$&')}$`), replacement: fileURLToPath(new URL(target, `file://${root}`)) }));

/**
 * A unit project: in-process tests under `src/`, workspace packages from source.
 *
 * Speed (the whole unit loop is meant to stay well under a minute on two cores):
 * - `isolate: false`: the files of a project share their workers' module graph, so each worker
 *   imports core, store, drizzle and hono once instead of once per file (that import was about
 *   half of the loop's CPU time). A unit test must therefore leave no global or module state
 *   behind: restore `process.env` and anything else it changes, close what it opens, and do not
 *   use `vi.mock` (inject the dependency instead).
 * - One worker per core (Vitest's default leaves one core to the main process, which idles
 *   once the sources are transformed: on a two-core machine that is a single worker).
 * - `groupOrder`: unit projects run as their own group before the end-to-end projects, which
 *   keep Vitest's default worker count (see e2eProject); Vitest requires the split because the
 *   worker counts differ.
 */
export function unitProject(name: string, options: { testTimeout?: number; postgres?: boolean } = {}): TestProjectInlineConfiguration {
  return defineProject({
    resolve: { alias: sourceAliases },
    test: {
      name: `unit:${name}`,
      include: ['src/**/*.test.ts'],
      exclude: ['**/*.e2e.test.ts', '**/node_modules/**'],
      testTimeout: options.testTimeout ?? 10_000,
      hookTimeout: 10_000,
      isolate: false,
      maxWorkers: availableParallelism(),
      sequence: { groupOrder: 0 },
      // The testkit refuses to start the built server or CLI here (startServerProcess, runCliProcess).
      env: { ROUTER_UNIT_TEST: '1' },
      ...(options.postgres ? { globalSetup: [postgresSetup] } : {}),
    },
  });
}

/** Options of an end-to-end project. */
export interface E2eOptions {
  include?: string[];
  exclude?: string[];
  testTimeout?: number;
  env?: Record<string, string>;
  postgres?: boolean;
}

/** An end-to-end project: processes and packages built from this checkout. */
export function e2eProject(name: string, options: E2eOptions = {}): TestProjectInlineConfiguration {
  return defineProject({
    resolve: { alias: sourceAliases },
    test: {
      name: `e2e:${name}`,
      include: options.include ?? ['test/**/*.e2e.test.ts'],
      ...(options.exclude ? { exclude: [...options.exclude, '**/node_modules/**'] } : {}),
      ...(options.env ? { env: options.env } : {}),
      globalSetup: [fileURLToPath(new URL('./scripts/vitest-build-setup.ts', import.meta.url)), ...(options.postgres ? [postgresSetup] : [])],
      testTimeout: options.testTimeout ?? 30_000,
      hookTimeout: 60_000,
      sequence: { groupOrder: 1 },
    },
  });
}

/**
 * The same end-to-end files again on Postgres: the run's cluster (started once, shared with every
 * project that asks for it), a database per file from the migrated template. Test files get
 * their database from `e2eDatabase()` (@router/testkit/database), which reads
 * `ROUTER_TEST_STORE`; tests about SQLite files skip themselves there (`ON_POSTGRES`).
 */
export function e2ePostgresProject(name: string, options: Omit<E2eOptions, 'postgres'> = {}): TestProjectInlineConfiguration {
  return e2eProject(name, { ...options, env: { ...options.env, ROUTER_TEST_STORE: 'postgres' }, postgres: true });
}
