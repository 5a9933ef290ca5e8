import { describe, expect, it } from 'vitest';
import { openStore } from '@router/store';
import { cli, ok, oneLineError, SERVER_MODE, tempDb } from '../../test/harness.js';

const DAY = 86_400_000;

/** 30 rows, row i started i days ago (log-0 is the newest). */
async function seeded(): Promise<string> {
  const { db } = tempDb();
  const store = await openStore({ url: db });
  const now = Date.now();
  await store.logs.insertMany(
    Array.from({ length: 30 }, (_, index) => ({
      id: `log-${index}`, createdAt: now - index * DAY - 1000, endpoint: '/v1/chat/completions', providerId: 'alpha', model: 'm', stream: false, status: 200, outcome: 'success', durationMs: 5, promptTokens: 2, completionTokens: 1,
    })),
  );
  store.close();
  return db;
}

async function ids(db: string): Promise<string[]> {
  const store = await openStore({ url: db, migrate: false });
  try {
    return (await store.logs.list({ limit: 1000 })).rows.map((row) => row.id);
  } finally {
    store.close();
  }
}

// `logs prune` works on the database itself (a running router prunes its own log in the background)
describe.skipIf(SERVER_MODE)('logs prune', () => {
  it('removes rows older than --older-than and beyond --keep, and says how many', async () => {
    const db = await seeded();
    const dry = await ok(db, ['logs', 'prune', '--older-than', '7d', '--dry-run']);
    expect(dry.stdout).toBe('Would remove 23 request log rows (23 older than 7d).\n');
    expect(await ids(db)).toHaveLength(30);
    expect((await ok(db, ['logs', 'prune', '--older-than', '7d'])).stdout).toBe('Removed 23 request log rows (23 older than 7d).\n');
    expect(await ids(db)).toEqual(Array.from({ length: 7 }, (_, index) => `log-${index}`));
    const json = (await ok(db, ['logs', 'prune', '--keep', '3', '--json'])).json();
    expect(json).toMatchObject({ dryRun: false, deleted: 4, byRows: 4, policy: { maxAgeMs: null, maxRows: 3, maxBytes: null } });
    expect(await ids(db)).toEqual(['log-0', 'log-1', 'log-2']);
    // history and stats still answer on what is kept
    expect((await ok(db, ['history', '--json'])).json().total).toBe(3);
    expect((await ok(db, ['stats', '--since', 'all', '--json'])).json().rows).toEqual([expect.objectContaining({ requests: 3, promptTokens: 6 })]);
  });

  it('applies the configured retention settings when given no option', async () => {
    const db = await seeded();
    await ok(db, ['settings', 'set', 'log_max_age_days', '10']);
    await ok(db, ['settings', 'set', 'log_max_rows', '5']);
    expect((await ok(db, ['logs', 'prune'])).stdout).toBe('Removed 25 request log rows (20 older than 10d, 5 beyond the newest 5).\n');
    expect(await ids(db)).toHaveLength(5);
  });

  it('refuses bad input with one line and a non-zero exit, having removed nothing', async () => {
    const db = await seeded();
    for (const args of [
      ['--older-than', 'soon'], ['--older-than', '7'], ['--older-than', '-1d'], ['--older-than', '0d'], ['--keep', '-1'], ['--keep', 'many'], ['--keep', '1.5'],
      ['--older-than', '7d', '--keep', 'x'], ['--kepp', '3'],
    ]) {
      const result = await cli(db, ['logs', 'prune', ...args]);
      expect(result.code, args.join(' ')).not.toBe(0);
      expect(oneLineError(result), args.join(' ')).toMatch(/--older-than|--keep|Unknown argument/);
    }
    expect(await ids(db)).toHaveLength(30);
  });

  it('does not create a database that is not there', async () => {
    const { db } = tempDb();
    expect(oneLineError(await cli(db, ['logs', 'prune', '--keep', '1']))).toMatch(/database/i);
  });
});
