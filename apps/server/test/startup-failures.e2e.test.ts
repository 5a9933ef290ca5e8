/**
 * Start-up failures of the built server: each is one `router: …` line on stderr saying what to
 * do, a non-zero exit, and no stack trace.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@router/store';
import { SERVER_MAIN, tempDir } from '@router/testkit';
import { ON_POSTGRES, e2eDatabase } from '@router/testkit/database';

async function runServer(env: Record<string, string>, cwd = tempDir()): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // on Postgres the pool is open when the failure comes: the process must still exit at once
  const database = env.DATABASE_URL ?? (await e2eDatabase(cwd));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SERVER_MAIN], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', ...env, DATABASE_URL: database },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Exactly one line, `router: …`, and nothing that looks like a stack trace. */
function expectOneLine(result: { code: number | null; stdout: string; stderr: string }, pattern: RegExp) {
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^router: /);
  expect(lines[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at |node:internal|Error:/);
}

let held: Server;
let heldPort: number;
beforeAll(async () => {
  held = createServer();
  await new Promise<void>((resolve) => held.listen(0, '127.0.0.1', () => resolve()));
  heldPort = (held.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => held.close(() => resolve())));

describe('server start-up failures', () => {
  it('a port in use: names the port and says to set PORT', async () => {
    const result = await runServer({ PORT: String(heldPort) });
    expectOneLine(result, new RegExp(`port ${heldPort} is in use on 127\\.0\\.0\\.1; .*set PORT`));
  });

  it('a host that is not an address of this machine: says to set HOST', async () => {
    expectOneLine(await runServer({ HOST: '203.0.113.7' }), /cannot listen on HOST=203\.0\.113\.7: .*set HOST/);
  });

  it('a bad environment value: names the variable and its value', async () => {
    expectOneLine(await runServer({ PORT: 'eighty' }), /invalid environment variable PORT=eighty: .*fix or unset it/);
    expectOneLine(await runServer({ SHUTDOWN_GRACE_MS: '-5' }), /invalid environment variable SHUTDOWN_GRACE_MS=-5/);
  });

  it('a database URL of another kind: says which URLs work', async () => {
    const result = await runServer({ DATABASE_URL: 'mysql://user:hunter2@127.0.0.1/router' });
    expectOneLine(result, /invalid environment variable DATABASE_URL: use a SQLite file .* or a Postgres URL/);
    expect(result.stderr).not.toContain('hunter2');
  });

  it('a Postgres database that does not answer: names it, its password masked', async () => {
    const result = await runServer({ DATABASE_URL: 'postgres://user:hunter2@127.0.0.1:9/router' });
    expectOneLine(result, /cannot open the database postgres:\/\/user:\*\*\*@127\.0\.0\.1:9\/router: .*ECONNREFUSED.*DATABASE_URL names it/);
    expect(result.stderr).not.toContain('hunter2');
  });

  // SQLite files only: on Postgres there is no file to give
  it.skipIf(ON_POSTGRES)('a file that is not a database: names it and says to set DATABASE_URL', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.db'), 'these are notes, not a database\n'.repeat(200));
    expectOneLine(await runServer({ DATABASE_URL: `file:${join(dir, 'notes.db')}` }, dir), /notes\.db is not a SQLite database; set DATABASE_URL/);
  });

  it.skipIf(ON_POSTGRES)('a database the migrations cannot apply to: says so and what to do', async () => {
    const dir = tempDir();
    const file = join(dir, 'other.db');
    // Another application's database with a table of the same name and no migration journal.
    const other = await openDatabase({ url: `file:${file}`, migrate: false });
    await other.client.execute('CREATE TABLE config_history (whatever TEXT)');
    other.client.close();
    expectOneLine(await runServer({ DATABASE_URL: `file:${file}` }, dir), /migrating the database file:.*other\.db failed: .*set DATABASE_URL to a new path/);
  });
});
