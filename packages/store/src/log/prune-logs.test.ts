import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store.js';
import { DIALECTS, useStore } from '../test-stores.js';
import { clientPruneConnection, postgresPruneConnection, pruneLogs, type PruneConnection } from './prune-logs.js';
import { retentionPolicyFrom } from './log-policy.js';

const DAY = 86_400_000;
const NOW = 1_800_000_000_000;
const NONE = { maxAgeMs: null, maxRows: null, maxBytes: null };

let store: Store;

/** The store's own prune connection: libsql's on SQLite, postgres.js's on Postgres. */
const connectionOf = (store: Store): PruneConnection => (store.dialect === 'sqlite' ? clientPruneConnection(store.client) : postgresPruneConnection(store.sql));

/** `count` rows, row `i` started `i` hours before NOW (r0 is the newest), each with `bodyBytes` of body. */
async function seed(count: number, bodyBytes = 10, prefix = 'r', hours = 1): Promise<void> {
  const rows = Array.from({ length: count }, (_, index) => ({
    id: `${prefix}${index}`, createdAt: NOW - index * hours * 3_600_000, endpoint: '/v1/chat/completions', providerId: index % 2 ? 'p' : 'q', model: 'm', stream: false,
    status: 200, outcome: 'success', durationMs: 10 + index, promptTokens: 1, completionTokens: 1, requestBody: 'x'.repeat(bodyBytes), responseBody: 'y'.repeat(bodyBytes),
  }));
  for (let start = 0; start < rows.length; start += 100) await store.logs.insertMany(rows.slice(start, start + 100));
}

/** The connection, recording every DELETE and how many rows it took. */
function counted(): { connection: PruneConnection; deletes: number[] } {
  const inner = connectionOf(store);
  const deletes: number[] = [];
  return {
    deletes,
    connection: {
      dialect: inner.dialect,
      number: (sql, args) => inner.number(sql, args),
      async run(sql, args) {
        const changed = await inner.run(sql, args);
        if (sql.startsWith('DELETE')) deletes.push(changed);
        return changed;
      },
    },
  };
}

const ids = async () => (await store.logs.list({ limit: 100_000 })).rows.map((row) => row.id);
/** SQLite: the database file's pages. */
const pages = async () => (store.dialect === 'sqlite' ? Number((await store.client.execute('PRAGMA page_count')).rows[0][0]) : Number.NaN);

describe.each(DIALECTS)('pruneLogs on %s', (dialect) => {
  const current = useStore(dialect, { name: 'prune' });
  beforeEach(() => {
    store = current();
  });

  it('removes rows older than the age bound, in batches no larger than asked, and keeps the rest', async () => {
    await seed(1000, 10, 'r', 1); // 1000 hours: about 41.6 days
    const { connection, deletes } = counted();
    const result = await pruneLogs(connection, { ...NONE, maxAgeMs: 30 * DAY }, { now: NOW, batchSize: 100 });
    // Hours 0..720 are within 30 days (720 h exactly is not older); 721..999 go.
    expect(result).toMatchObject({ deleted: 279, byAge: 279, byRows: 0, bySize: 0 });
    expect(Math.max(...deletes)).toBeLessThanOrEqual(100);
    expect(deletes).toEqual([100, 100, 79]);
    expect(await store.logs.count()).toBe(721);
    expect(await store.logs.count({ until: NOW - 30 * DAY - 1 })).toBe(0);
  });

  it('keeps only the newest N rows', async () => {
    await seed(250);
    const { connection, deletes } = counted();
    expect(await pruneLogs(connection, { ...NONE, maxRows: 20 }, { now: NOW, batchSize: 64 })).toMatchObject({ deleted: 230, byRows: 230, batches: 4 });
    expect(deletes).toEqual([64, 64, 64, 38]);
    expect(await ids()).toEqual(Array.from({ length: 20 }, (_, index) => `r${index}`));
    // Nothing more to do: one count, no DELETE.
    const again = counted();
    expect(await pruneLogs(again.connection, { ...NONE, maxRows: 20 }, { now: NOW })).toMatchObject({ deleted: 0, batches: 0 });
    expect(again.deletes).toEqual([]);
  });

  // SQLite: the bound is on the file's used pages, which the prune re-measures after each batch
  it.runIf(dialect === 'sqlite')('brings the database within the size bound, oldest first, and the freed pages are reused (the file stops growing)', async () => {
    if (store.dialect !== 'sqlite') return;
    await seed(400, 8_000); // about 6.4 MB of bodies
    const before = await pages();
    const dry = await pruneLogs(connectionOf(store), { ...NONE, maxBytes: 2 * 1024 * 1024 }, { now: NOW, dryRun: true });
    const result = await pruneLogs(connectionOf(store), { ...NONE, maxBytes: 2 * 1024 * 1024 }, { now: NOW, batchSize: 25 });
    // A dry run estimates the size bound from the rows' text: close to what the real run removes.
    expect(Math.abs(dry.bySize - result.bySize)).toBeLessThanOrEqual(result.bySize * 0.2);
    expect(result.bySize).toBeGreaterThan(200);
    expect(result.bySize).toBeLessThan(400);
    const { client } = store;
    const used = async () => {
      const [pageCount, free, size] = await Promise.all(['page_count', 'freelist_count', 'page_size'].map(async (name) => Number((await client.execute(`PRAGMA ${name}`)).rows[0][0])));
      return (pageCount - free) * size;
    };
    expect(await used()).toBeLessThanOrEqual(2 * 1024 * 1024);
    const kept = await ids();
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, index) => `r${index}`)); // the newest stay
    expect(await pages()).toBe(before); // no VACUUM: the file keeps its size…
    await seed(100, 8_000, 'n');
    expect(await pages()).toBe(before); // …and new rows fill the freed pages instead of growing it
  });

  // Postgres: the bound is on the rows' stored size (each row's pg_column_size, bodies as stored, compressed or not)
  it.runIf(dialect === 'postgres')('brings the log within the size bound, oldest first, and a dry run counts exactly what it removes', async () => {
    await seed(400, 8_000);
    const connection = connectionOf(store);
    const size = () => connection.number('SELECT coalesce(sum(pg_column_size(l.*)), 0) FROM "request_logs" l');
    const maxBytes = Math.floor((await size()) / 2);
    const dry = await pruneLogs(connection, { ...NONE, maxBytes }, { now: NOW, dryRun: true });
    expect(await store.logs.count()).toBe(400);
    const result = await pruneLogs(connection, { ...NONE, maxBytes }, { now: NOW, batchSize: 25 });
    expect(result.bySize).toBe(dry.bySize);
    // rows of about the same size: about half of them go
    expect(result.bySize).toBeGreaterThan(150);
    expect(result.bySize).toBeLessThan(250);
    expect(await size()).toBeLessThanOrEqual(maxBytes);
    const kept = await ids();
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, index) => `r${index}`)); // the newest stay
  });

  it('counts in a dry run what a real run removes, removing nothing', async () => {
    await seed(300, 2_000);
    const policy = { maxAgeMs: 10 * DAY, maxRows: 100, maxBytes: null };
    const dry = await pruneLogs(connectionOf(store), policy, { now: NOW, dryRun: true });
    expect(await store.logs.count()).toBe(300);
    const real = await pruneLogs(connectionOf(store), policy, { now: NOW });
    expect(dry).toMatchObject({ deleted: real.deleted, byAge: real.byAge, byRows: real.byRows, batches: 0 });
    expect(real).toMatchObject({ deleted: 200, byAge: 59, byRows: 141 }); // 241..299 hours are older than 10 days
  });

  it('stops between batches when told to', async () => {
    await seed(100);
    let batches = 0;
    const result = await pruneLogs(connectionOf(store), { ...NONE, maxRows: 0 }, { now: NOW, batchSize: 10, pause: async () => void batches++, stopped: () => batches >= 2 });
    expect(result).toMatchObject({ deleted: 20, batches: 2 });
  });

  it('leaves stats and the request list working on what is kept', async () => {
    await seed(50);
    await store.logs.prune({ ...NONE, maxRows: 10 }, { now: NOW });
    const stats = await store.logs.stats({});
    expect(stats.reduce((sum, row) => sum + row.requests, 0)).toBe(10);
    expect(stats.find((row) => row.providerId === 'q')).toMatchObject({ requests: 5, promptTokens: 5, p50Ms: 14 });
    expect((await store.logs.list({ limit: 3, providerId: 'p' })).rows.map((row) => row.id)).toEqual(['r1', 'r3', 'r5']);
  });
});

describe('retentionPolicyFrom', () => {
  it('reads the settings, 0 meaning no bound, and falls back to the defaults', () => {
    expect(retentionPolicyFrom(new Map())).toEqual({ maxAgeMs: 30 * DAY, maxRows: 100_000, maxBytes: 1024 * 1024 * 1024 });
    expect(retentionPolicyFrom(new Map([['log_max_age_days', '7'], ['log_max_rows', '0'], ['log_max_mb', '50']]))).toEqual({ maxAgeMs: 7 * DAY, maxRows: null, maxBytes: 50 * 1024 * 1024 });
    expect(retentionPolicyFrom(new Map([['log_max_age_days', 'soon']])).maxAgeMs).toBe(30 * DAY);
  });
});
