/** A database the CLI creates is private: its folder 0700 and its files 0600, as the server makes them. */
import { statSync } from 'node:fs';
import { expect, it } from 'vitest';
import { tempDir } from '@router/testkit';
import { cli, SERVER_MODE } from '../test/harness.js';

const mode = (path: string) => statSync(path).mode & 0o777;

// the CLI's own database file (a running router creates its own)
it.skipIf(SERVER_MODE)('creates the folder of a new database 0700 and the file 0600', async () => {
  const folder = `${tempDir()}/private/data`;
  const added = await cli(`file:${folder}/router.db`, ['provider', 'add', '--id', 'a', '--config', 'baseURL=http://127.0.0.1:1/v1', '--config', 'apiKey=sk-private-0123456789']);
  expect(added.code, added.stderr).toBe(0);
  expect(mode(folder)).toBe(0o700);
  expect(mode(`${folder}/..`)).toBe(0o700);
  expect(mode(`${folder}/router.db`)).toBe(0o600);
});
