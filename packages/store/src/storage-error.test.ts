// A write the database refuses is an error a person can act on, with the same status and code on
// both dialects: the real database's own failure, mapped by `storageError`.
import { describe, expect, it } from 'vitest';
import { openStore, type Store } from './store.js';
import { createConfigService } from './config-service/config-service.js';
import { storageError } from './storage-error.js';
import { DIALECTS, useStore } from './test-stores.js';

const PROVIDER = { id: 'p', type: 'openai-compatible', config: { baseURL: 'http://127.0.0.1:1/v1' } } as const;

/** The mapped error of a failing write (throws if the write succeeded). */
async function failure(write: Promise<unknown>): Promise<{ status: number; code: string | null; type: string } | null> {
  const error = await write.then(() => null, (caught: unknown) => caught);
  if (error === null) throw new Error('the write succeeded');
  const mapped = storageError(error);
  return mapped && { status: mapped.status, code: mapped.code, type: mapped.type };
}

describe.each(DIALECTS)('database failures on %s', (dialect) => {
  const current = useStore(dialect, { name: 'storage_error' });

  it('a read-only database is a 503 storage_read_only, and nothing is written', async () => {
    const store = current();
    let readOnly: Store = store;
    if (store.dialect === 'sqlite') await store.client.execute('PRAGMA query_only = ON');
    else {
      // new connections to the database start read-only (as on a standby)
      await store.sql.unsafe('DO $$ BEGIN EXECUTE format(\'ALTER DATABASE %I SET default_transaction_read_only = on\', current_database()); END $$');
      readOnly = await openStore({ url: store.url, migrate: false });
    }
    try {
      expect(await failure(createConfigService(readOnly, { source: 'cli' }).addProvider(PROVIDER))).toEqual({ status: 503, code: 'storage_read_only', type: 'server_error' });
    } finally {
      if (store.dialect === 'sqlite') await store.client.execute('PRAGMA query_only = OFF');
      else {
        await readOnly.close();
        await store.sql.unsafe('DO $$ BEGIN EXECUTE format(\'ALTER DATABASE %I RESET default_transaction_read_only\', current_database()); END $$');
      }
    }
    expect(await store.providers.list()).toEqual([]);
  });

  it('a value holding a NUL character (Postgres text cannot hold one; SQLite would read it back cut) is a 400 before anything is written', async () => {
    const store = current();
    const write = createConfigService(store, { source: 'cli' }).addProvider({ ...PROVIDER, name: 'with a \u0000 in it' });
    await expect(write).rejects.toMatchObject({ status: 400, code: 'invalid_value', message: expect.stringContaining('NUL') });
    expect(await store.providers.list()).toEqual([]);
    expect(await store.history.list()).toEqual([]);
  });
});

describe('database failures, unknown', () => {
  it('maps nothing that is not a database failure', () => {
    expect(storageError(new Error('boom'))).toBeNull();
    expect(storageError(Object.assign(new Error('pipe'), { code: 'EPIPE' }))).toBeNull();
  });
});
