import { copyFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { tempDir } from '@router/testkit';
import { openStore } from './store.js';

// SQLite only: what opening a database file does to the file, its -wal and -shm sidecars and its folder.
const mode = (path: string) => statSync(path).mode & 0o777;

it('creates the database, its -wal and -shm files and a new folder readable by the owner only', async () => {
  const dir = join(tempDir(), 'fresh');
  const file = join(dir, 'router.db');
  const store = await openStore({ url: `file:${file}` });
  await store.providers.create({ id: 'p', type: 'openai-compatible', config: { baseURL: 'http://127.0.0.1:9/v1', apiKey: 'sk-private-0123456789' } }, 'cli');
  expect(mode(file)).toBe(0o600);
  expect(mode(`${file}-wal`)).toBe(0o600);
  expect(mode(`${file}-shm`)).toBe(0o600);
  expect(mode(dir)).toBe(0o700);
  await store.close();
});

it('checkpoints on close, so the .db file alone (copied without -wal) holds every row', async () => {
  const dir = tempDir();
  const file = join(dir, 'router.db');
  const store = await openStore({ url: `file:${file}` });
  for (const id of ['a', 'b', 'c']) await store.providers.create({ id, type: 'openai-compatible', config: { baseURL: 'http://127.0.0.1:9/v1' } }, 'cli');
  await store.close();
  const copy = join(tempDir(), 'copy.db');
  copyFileSync(file, copy);
  expect(existsSync(`${copy}-wal`)).toBe(false);
  const reopened = await openStore({ url: `file:${copy}`, migrate: false });
  expect((await reopened.providers.list()).map((provider) => provider.id)).toEqual(['a', 'b', 'c']);
  await reopened.close();
});
