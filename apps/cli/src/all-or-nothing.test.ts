/**
 * A command does what it says or nothing: every command that writes, run with a
 * typo'd option, without a required argument, or with a bad value, exits non-zero
 * with one line and leaves the database byte-for-byte as it was. The commands are
 * read from the CLI's own help, so a new command cannot be forgotten.
 *
 * Managing a running router (`--server`), the same holds for the router's database: the commands
 * it serves change it as they say or not at all, and the others refuse with one line.
 */
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '@libsql/client';
import { startFakeUpstream, tempDir, type FakeUpstream } from '@router/testkit';
import { cli, ok, oneLineError, SERVER_MODE, stopServer, tempDb } from '../test/harness.js';
import { run } from './run.js';

/** A valid invocation of each command that writes, and the same without a required argument (when it has one). */
const MUTATING: Record<string, { valid: string[]; missing?: string[]; env?: Record<string, string> }> = {
  set: { valid: ['set', 'beta'], missing: ['set'] },
  test: { valid: ['test', 'alpha', '--skip-tools'] },
  'provider add': { valid: ['provider', 'add', '--id', 'gamma', '--config', 'baseURL=http://127.0.0.1:3/v1'], missing: ['provider', 'add', '--config', 'baseURL=http://127.0.0.1:3/v1'] },
  'provider edit': { valid: ['provider', 'edit', 'alpha', '--name', 'Alpha 2', '--config', 'timeout=1000'], missing: ['provider', 'edit', '--name', 'Alpha 2'] },
  'provider remove': { valid: ['provider', 'remove', 'beta'], missing: ['provider', 'remove'] },
  'provider enable': { valid: ['provider', 'enable', 'beta'], missing: ['provider', 'enable'] },
  'provider disable': { valid: ['provider', 'disable', 'alpha'], missing: ['provider', 'disable'] },
  'provider test': { valid: ['provider', 'test', 'alpha', '--skip-tools'], missing: ['provider', 'test', '--skip-tools'] },
  'provider reload': { valid: ['provider', 'reload', 'alpha'], missing: ['provider', 'reload'] },
  'model add': { valid: ['model', 'add', 'm2', '--name', 'M2', '--provider', 'alpha'], missing: ['model', 'add', '--name', 'M2'] },
  'model edit': { valid: ['model', 'edit', 'm1', '--name', 'M1 renamed'], missing: ['model', 'edit', '--name', 'M1 renamed'] },
  'model link': { valid: ['model', 'link', 'beta', 'm1'], missing: ['model', 'link', 'beta'] },
  'model unlink': { valid: ['model', 'unlink', 'alpha', 'm1'], missing: ['model', 'unlink', 'alpha'] },
  'model remove': { valid: ['model', 'remove', 'm1'], missing: ['model', 'remove'] },
  'route set': { valid: ['route', 'set', 'r2', 'alpha,beta'], missing: ['route', 'set', 'r2'] },
  'route remove': { valid: ['route', 'remove', 'r1'], missing: ['route', 'remove'] },
  'route options': { valid: ['route', 'options', 'r1', '--sticky', 'header:x-router-session'], missing: ['route', 'options', '--sticky', 'user'] },
  'shadow set': { valid: ['shadow', 'set', 'r1', '--to', 'beta:m1', '--percent', '10'], missing: ['shadow', 'set', '--to', 'beta', '--percent', '10'] },
  'shadow off': { valid: ['shadow', 'off', 'r1'], missing: ['shadow', 'off'] },
  'key create': { valid: ['key', 'create', '--name', 'k2', '--rpm', '10'], missing: ['key', 'create', '--rpm', '10'] },
  'key edit': { valid: ['key', 'edit', 'k1', '--rpm', '20'], missing: ['key', 'edit', '--rpm', '20'] },
  'key revoke': { valid: ['key', 'revoke', 'k1'], missing: ['key', 'revoke'] },
  'key rotate': { valid: ['key', 'rotate', 'k1'], missing: ['key', 'rotate'] },
  'key remove': { valid: ['key', 'remove', 'k1'], missing: ['key', 'remove'] },
  'price set': { valid: ['price', 'set', 'p2', '--input', '0.5', '--output', '1.5'], missing: ['price', 'set', '--input', '0.5', '--output', '1.5'] },
  'price remove': { valid: ['price', 'remove', 'p1'], missing: ['price', 'remove'] },
  replay: { valid: ['replay', '--from', 'r1', '--to', 'alpha'], missing: ['replay', '--to', 'alpha'] },
  'settings set': { valid: ['settings', 'set', 'retry_attempts', '3'], missing: ['settings', 'set', 'retry_attempts'] },
  'settings unset': { valid: ['settings', 'unset', 'retry_attempts'], missing: ['settings', 'unset'] },
  migrate: { valid: ['migrate'], env: { LM_STUDIO_BASE_URL: 'http://127.0.0.1:4/v1' } },
  'logs prune': { valid: ['logs', 'prune', '--keep', '1'] },
};

/** Commands that work on the database itself (or from the CLI's own machine): they refuse to manage a running router. */
const DIRECT_ONLY = new Set(['migrate', 'logs prune']);
/** In this run: whether the command does what it says (else it must refuse with one line and change nothing). */
const served = (leaf: string) => !SERVER_MODE || !DIRECT_ONLY.has(leaf);

/** Commands that only read (`migrate-store` reads this database and writes another, a Postgres one). */
const READ_ONLY = ['status', 'list', 'history', 'stats', 'changes', 'provider list', 'provider config', 'model list', 'route list', 'settings list', 'logs tail', 'compare', 'shadow list', 'shadow report', 'key list', 'key show', 'migrate-store', 'price list'];

/** Valid commands with one bad value each: none may change anything. */
const BAD_VALUES = [
  ['provider', 'add', '--id', 'gamma', '--priority', 'soon', '--config', 'baseURL=http://127.0.0.1:3/v1'],
  ['provider', 'add', '--id', 'gamma', '--config', 'novalue'],
  ['provider', 'add', '--id', 'gamma', '--config', 'baseURL=ftp://nope'],
  ['provider', 'edit', 'alpha', '--name', 'Renamed', '--config', 'novalue'],
  ['provider', 'edit', 'alpha', '--name', 'Renamed', '--priority', '0'],
  ['model', 'add', 'm2', '--context-length', 'long'],
  ['model', 'add', 'm2', '--provider', 'alpha', '--provider', 'ghost'],
  ['model', 'add', '', '--name', 'empty'],
  ['model', 'edit', 'm1', '--name', 'X', '--context-length', '-1'],
  ['model', 'link', 'beta', 'm1', '--priority', 'first'],
  ['route', 'set', 'r2', 'alpha*0'],
  ['route', 'options', 'r1', '--sticky', 'cookie'],
  ['shadow', 'set', 'r1', '--to', 'ghost', '--percent', '10'],
  ['shadow', 'set', 'r1', '--to', 'beta', '--percent', '101'],
  ['shadow', 'set', 'r1', '--to', 'beta', '--percent', '10', '--timeout', '1h'],
  ['settings', 'set', 'retry_attempts', 'lots'],
  ['key', 'create', '--name', 'k2', '--budget', '5', '--period', 'monthly'],
  ['key', 'create', '--name', 'k2', '--expires', '2001-01-01'],
  ['key', 'create', '--name', 'k1'],
  ['key', 'edit', 'k1', '--tpm', '-5'],
  ['key', 'revoke', 'ghost'],
  ['price', 'set', 'p2', '--input', '-1', '--output', '1'],
  ['price', 'set', 'p2', '--input', '1', '--output', '1', '--cached-input', 'free'],
  ['price', 'remove', 'ghost'],
  ['replay', '--from', 'r1', '--to', 'beta'],
  ['replay', '--from', 'r1', '--to', 'alpha:bad model'],
  ['replay', '--from', 'r1', '--to', 'alpha', '--concurrency', '0'],
  ['test', 'alpha', '--timeout', '0'],
  ['set', 'ghost'],
  ['history', '--endpoint', 'chats'],
  ['stats', '--endpoint', '/v1/chat'],
];

let upstream: FakeUpstream;
let seeded: string;

beforeAll(async () => {
  upstream = await startFakeUpstream({ models: ['fake-model'] });
  upstream.onChat((request) =>
    request.json.stream
      ? { kind: 'sse', frames: [`data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: 'OK' }, finish_reason: 'stop' }] })}\n\n`, 'data: [DONE]\n\n'] }
      : { kind: 'json', body: JSON.stringify({ id: 'x', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'OK' }, finish_reason: 'stop' }] }) },
  );
  seeded = tempDb().db;
  await ok(seeded, ['provider', 'add', '--id', 'alpha', '--config', `baseURL=${upstream.baseURL}`, '--config', 'apiKey=sk-all-or-nothing-0000']);
  await ok(seeded, ['provider', 'add', '--id', 'beta', '--disabled', '--config', 'baseURL=http://127.0.0.1:2/v1']);
  await ok(seeded, ['model', 'add', 'm1', '--provider', 'alpha']);
  await ok(seeded, ['route', 'set', 'r1', 'alpha']);
  await ok(seeded, ['shadow', 'set', 'r1', '--to', 'alpha', '--percent', '5']);
  await ok(seeded, ['settings', 'set', 'retry_attempts', '2']);
  await ok(seeded, ['key', 'create', '--name', 'k1']);
  await ok(seeded, ['price', 'set', 'p1', '--input', '1', '--output', '2']);
  // a logged request for replay to send again
  const log = createClient({ url: seeded });
  await log.execute({
    sql: "INSERT INTO request_logs (id, created_at, endpoint, provider_id, model, status, outcome, duration_ms, request_body) VALUES (?, ?, '/v1/chat/completions', 'alpha', 'r1', 200, 'success', 5, ?)",
    args: ['logged-1', Date.now(), JSON.stringify({ model: 'r1', messages: [{ role: 'user', content: 'hi' }] })],
  });
  log.close();
  await ok(seeded, ['set', 'alpha']);
  // copies are taken of the file at rest; each copy gets its own server
  if (SERVER_MODE) await stopServer(seeded);
});

afterAll(async () => {
  await upstream?.close();
});

/** A copy of the seeded database (with its WAL) in a folder of its own. */
function copyOfSeed(): { db: string; dir: string } {
  const dir = tempDir();
  const from = seeded.replace(/^file:/, '').replace(/\/cli\.db$/, '');
  for (const file of readdirSync(from).filter((name) => name.startsWith('cli.db'))) copyFileSync(`${from}/${file}`, `${dir}/${file}`);
  return { db: `file:${dir}/cli.db`, dir };
}

/** Every row of every table, and the file's bytes and the folder's listing. */
async function dump(db: string, dir: string): Promise<{ tables: Record<string, string[]>; bytes: string; files: string[] }> {
  const client = createClient({ url: db });
  const tables: Record<string, string[]> = {};
  try {
    // whatever sits in the WAL goes into the file first, so the file's bytes hold every write
    await client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
    const names = (await client.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")).rows.map((row) => String(row.name));
    for (const name of names) {
      const rows = (await client.execute(`SELECT * FROM "${name}"`)).rows;
      tables[name] = rows.map((row) => JSON.stringify(row, (_key, value) => (typeof value === 'bigint' ? value.toString() : value))).sort();
    }
  } finally {
    client.close();
  }
  // the dump above opened the file: read the bytes after it is closed again (a running router holds
  // the file open and checkpoints it on its own schedule: then its rows are what must not change)
  const bytes = SERVER_MODE ? '' : readFileSync(db.replace(/^file:/, '')).toString('base64');
  return { tables, bytes, files: readdirSync(dir).filter((name) => !/-(wal|shm)$/.test(name)).sort() };
}

/** The leaf commands, from `--help` of the top level and of every group. */
async function commandTree(): Promise<string[]> {
  const help = async (path: string[]) => {
    let stdout = '';
    await run([...path, '--help'], { stdout: (text) => (stdout += text), stderr: () => undefined, env: {}, isTTY: false });
    const section = stdout.split('\nCommands:\n')[1]?.split('\n\n')[0] ?? '';
    return section.split('\n').map((line) => /^\s+provider-cli ((?:[\w-]+ ?)+?)(?: [<[]|\s{2}|$)/.exec(line)).filter((match) => match !== null).map((match) => ({ words: match[1].trim().split(' '), group: /<command>/.test(match.input) }));
  };
  const leaves: string[] = [];
  for (const entry of await help([])) {
    if (!entry.group) leaves.push(entry.words.join(' '));
    else for (const sub of await help(entry.words)) leaves.push(sub.words.join(' '));
  }
  return leaves;
}

describe('a failed command changes nothing', () => {
  it('knows every command: each is listed as writing (with a valid invocation) or as read-only', async () => {
    const leaves = await commandTree();
    expect(leaves.length).toBeGreaterThan(25);
    const unknown = leaves.filter((leaf) => !(leaf in MUTATING) && !READ_ONLY.includes(leaf));
    expect(unknown, 'add these commands to MUTATING (with a valid invocation) or READ_ONLY').toEqual([]);
  });

  it('runs the valid invocations (so below, the typo or the missing argument is the only fault)', async () => {
    for (const leaf of await commandTree()) {
      const entry = MUTATING[leaf];
      if (!entry) continue;
      const { db, dir } = copyOfSeed();
      const before = await dump(db, dir);
      const result = await cli(db, entry.valid, { env: entry.env });
      if (!served(leaf)) {
        expect(oneLineError(result), leaf).toContain('cannot manage a running router');
        expect((await dump(db, dir)).tables, leaf).toEqual(before.tables);
        await stopServer(db);
        continue;
      }
      expect(result.code, `${leaf}: ${result.stderr}`).toBe(0);
      if (leaf !== 'logs prune') expect((await dump(db, dir)).tables, `${leaf} should change the database`).not.toEqual(before.tables);
      if (SERVER_MODE) await stopServer(db);
    }
    // a router started on each copy takes a moment per command
  }, SERVER_MODE ? 180_000 : undefined);

  it('refuses a typo\'d option or a missing argument with one line, and leaves the database byte-for-byte unchanged', async () => {
    const { db, dir } = copyOfSeed();
    const before = await dump(db, dir);
    for (const leaf of await commandTree()) {
      const entry = MUTATING[leaf];
      if (!entry) continue;
      const attempts = [
        [...entry.valid, '--jsn'],
        [...entry.valid, '--confg=timeout=1'],
        ...(entry.missing ? [entry.missing] : []),
      ];
      for (const args of attempts) {
        const result = await cli(db, args, { env: entry.env });
        expect(oneLineError(result), args.join(' ')).toMatch(/Unknown argument|Missing required argument|Not enough non-option arguments/);
        expect(result.stdout, args.join(' ')).toBe('');
        expect(await dump(db, dir), args.join(' ')).toEqual(before);
      }
    }
  });

  it('refuses a bad value with one line, and leaves the database byte-for-byte unchanged', async () => {
    const { db, dir } = copyOfSeed();
    const before = await dump(db, dir);
    for (const args of BAD_VALUES) {
      const result = await cli(db, args);
      oneLineError(result);
      expect(await dump(db, dir), args.join(' ')).toEqual(before);
    }
  });

  it('names a refused number as it was typed', async () => {
    const { db } = copyOfSeed();
    for (const [args, typed] of [
      [['provider', 'add', '--id', 'gamma', '--priority', 'soon', '--config', 'baseURL=http://127.0.0.1:3/v1'], 'soon'],
      [['provider', 'edit', 'alpha', '--priority', 'high'], 'high'],
      [['model', 'add', 'm2', '--context-length', 'long'], 'long'],
      [['model', 'edit', 'm1', '--context-length', '128k'], '128k'],
      [['model', 'link', 'beta', 'm1', '--priority', 'first'], 'first'],
      [['history', '--limit', 'all'], 'all'],
      [['changes', '--limit', 'ten'], 'ten'],
      [['test', 'alpha', '--timeout', '5s'], '5s'],
    ] as const) {
      if (!served(args[0])) continue;
      expect(oneLineError(await cli(db, [...args])), args.join(' ')).toContain(`got "${typed}"`);
    }
  });

  // (a running router has its own database: the server mode's own tests check that nothing is written here)
  it.skipIf(SERVER_MODE)('does not create a database for a command that fails', async () => {
    const { db, dir } = tempDb();
    for (const args of [['provider', 'add', '--id', 'x', '--config', 'baseURL=ftp://nope'], ['provider', 'add', '--id', 'x', '--confg', 'a=1'], ['model', 'add', 'm', '--provider', 'ghost'], ['set', 'ghost'], ['status'], ['stats', '--endpoint', 'chats']]) {
      oneLineError(await cli(db, args));
      expect(readdirSync(dir), args.join(' ')).toEqual([]);
    }
    const nested = `file:${dir}/a/b/router.db`;
    oneLineError(await cli(nested, ['settings', 'set', 'retry_attempts', 'lots']));
    oneLineError(await cli(nested, ['provider', 'add', '--id', 'x', '--config', 'baseURL=ftp://nope']));
    expect(readdirSync(dir)).toEqual([]);
  });
});
