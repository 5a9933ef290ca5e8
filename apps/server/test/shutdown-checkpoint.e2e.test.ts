import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStore } from '@router/store';
import { startFakeUpstream, startServerProcess, tempDir, type FakeUpstream } from '@router/testkit';
import { ON_POSTGRES } from '@router/testkit/database';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream({ models: ['m'] });
});
afterAll(async () => {
  await upstream?.close();
});

// about SQLite's write-ahead log: on Postgres, rows written before shutdown are checked by the graceful-shutdown test
it.skipIf(ON_POSTGRES)('leaves every row in the .db file itself after a clean shutdown (the WAL is checkpointed)', async () => {
  const dir = tempDir();
  const file = join(dir, 'router.db');
  const server = await startServerProcess({ DATABASE_URL: `file:${file}`, CONFIG_POLL_MS: '60000' }, dir);
  const json = { 'content-type': 'application/json' };
  expect((await fetch(`${server.url}/v1/providers`, { method: 'POST', headers: json, body: JSON.stringify({ id: 'p', config: { baseURL: upstream.baseURL } }) })).status).toBe(201);
  expect((await fetch(`${server.url}/v1/settings/active-provider`, { method: 'PUT', headers: json, body: JSON.stringify({ providerId: 'p' }) })).status).toBe(200);
  expect((await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', headers: { ...json, 'x-request-id': 'kept' }, body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }) })).status).toBe(200);
  expect(await server.stop()).toBe(0);

  const copy = join(tempDir(), 'copy.db');
  copyFileSync(file, copy);
  expect(existsSync(`${copy}-wal`)).toBe(false);
  const store = await openStore({ url: `file:${copy}`, migrate: false });
  try {
    expect((await store.providers.list()).map((provider) => provider.id)).toEqual(['p']);
    const { rows } = await store.logs.list({ limit: 10, offset: 0 });
    expect(rows.map((row) => row.clientRequestId ?? row.id)).toContain('kept');
  } finally {
    await store.close();
  }
});
