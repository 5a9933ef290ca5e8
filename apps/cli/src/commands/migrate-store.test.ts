// `provider-cli migrate-store` on a real Postgres (started once per test run by the project's global
// setup). It always works on the database files it is given, never through a running router, so it
// runs the CLI directly in both test modes.
import { inject, afterAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { createPostgresDatabase, dropPostgresDatabase } from '@router/testkit/postgres';
import type { CliIO } from '../io.js';
import { run } from '../run.js';
import { tempDb } from '../../test/harness.js';

const adminUrl = inject('postgresAdminUrl');
const database = `cli_copy_${process.pid}`;
afterAll(() => dropPostgresDatabase(adminUrl, database));

async function cli(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), env: {}, isTTY: false, cwd };
  const code = await run(args, io);
  return { code, stdout, stderr };
}

describe('provider-cli migrate-store', () => {
  it('copies a database into Postgres, says what it copied, and copies nothing the second time', async () => {
    const { db, dir } = tempDb();
    expect((await cli(['--db', db, 'provider', 'add', '--id', 'groq', '--config', 'baseURL=http://127.0.0.1:9/v1', '--config', 'apiKey=sk-live-abcdef123456'], dir)).code).toBe(0);
    expect((await cli(['--db', db, 'set', 'groq'], dir)).code).toBe(0);
    const target = await createPostgresDatabase(adminUrl, database);
    const first = await cli(['migrate-store', '--from', db, '--to', target, '--json'], dir);
    expect(first.code, first.stderr).toBe(0);
    const report = JSON.parse(first.stdout) as { to: string; tables: { table: string; source: number; copied: number; target: number }[] };
    expect(report.to).toBe(target.replace(/:[^:@/]+@/, ':***@'));
    expect(report.tables.find((table) => table.table === 'providers')).toEqual({ table: 'providers', source: 1, copied: 1, target: 1 });
    expect(report.tables.find((table) => table.table === 'settings')).toEqual({ table: 'settings', source: 1, copied: 1, target: 1 });
    const sql = postgres(target, { max: 1, onnotice: () => {} });
    try {
      const [provider] = await sql<{ id: string }[]>`select id from providers`;
      expect(provider.id).toBe('groq');
    } finally {
      await sql.end();
    }
    const second = await cli(['migrate-store', '--from', db, '--to', target], dir);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/^TABLE\s+SOURCE\s+COPIED\s+TARGET/);
    expect(second.stdout).toContain('Nothing new to copy');
    const password = decodeURIComponent(new URL(target).password);
    expect(password.length).toBeGreaterThan(0);
    expect(`${first.stdout}${second.stdout}${second.stderr}`).not.toContain(password);
  });

  it('fails with one line, and writes nothing, for a target that is not Postgres, an unreachable one or a missing source', async () => {
    const { db, dir } = tempDb();
    const oneLine = (result: { code: number; stderr: string }) => {
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      return result.stderr;
    };
    expect(oneLine(await cli(['migrate-store', '--from', db, '--to', 'file:x.db'], dir))).toContain('--to must be a postgres:// URL');
    expect(oneLine(await cli(['migrate-store', '--from', db, '--to', 'postgres://u:pw-secret@127.0.0.1:9/x'], dir))).toContain('no database at');
    expect((await cli(['--db', db, 'provider', 'add', '--id', 'x', '--config', 'baseURL=http://127.0.0.1:9/v1'], dir)).code).toBe(0);
    const unreachable = oneLine(await cli(['migrate-store', '--from', db, '--to', 'postgres://u:pw-secret@127.0.0.1:9/x'], dir));
    expect(unreachable).toContain('cannot open postgres://u:***@127.0.0.1:9/x');
    expect(unreachable).not.toContain('pw-secret');
    expect(oneLine(await cli(['migrate-store', '--from', 'postgres://u@127.0.0.1/x', '--to', 'postgres://u@127.0.0.1/y'], dir))).toContain('--from must be an SQLite database');
    expect(oneLine(await cli(['migrate-store', '--from', db], dir))).toContain('to');
  });
});
