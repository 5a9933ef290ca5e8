/**
 * Runs `run(argv, io)` in-process with captured output, on a fresh database.
 *
 * The same tests run in two modes. In the direct mode (the default) the CLI works on the database
 * with `--db`. With `CLI_TEST_MODE=server` (the `e2e:cli-server` project) each database gets the
 * real built server started on it (an admin key set), and the CLI manages that server with
 * `--server` and `ROUTER_ADMIN_KEY` instead: same commands, same expected output, and what a test
 * reads from the database it reads from the server's database file.
 */
import { randomBytes } from 'node:crypto';
import { afterAll } from 'vitest';
import { openStore } from '@router/store';
import { startServerProcess, tempDir, type ServerProcess } from '@router/testkit';
import { run } from '../src/run.js';
import type { CliIO } from '../src/io.js';

/** True when the CLI manages a running server (`--server`) in this run of the tests. */
export const SERVER_MODE = process.env.CLI_TEST_MODE === 'server';

/** The door changes come through, as the configuration history records it: the CLI's own, or the router's API. */
export const DOOR = SERVER_MODE ? 'api' : 'cli';

/** The admin key of the servers started here (never printed by the CLI: tests check it). */
export const ADMIN_KEY = `admin-${randomBytes(12).toString('hex')}`;

const servers = new Map<string, Promise<ServerProcess>>();

/** The server running on `db`, started on its first use. */
export function serverFor(db: string): Promise<ServerProcess> {
  let server = servers.get(db);
  if (!server) {
    // the server's working directory is the database's folder, as the CLI's is: no stray .env
    server = startServerProcess({ DATABASE_URL: db, ADMIN_API_KEY: ADMIN_KEY, CONFIG_POLL_MS: '50', LOG_LEVEL: 'info' }, folderOf(db));
    servers.set(db, server);
  }
  return server;
}

/** Stops the server running on `db`, if any (so its database file can be copied or read at rest). */
export async function stopServer(db: string): Promise<void> {
  const server = servers.get(db);
  servers.delete(db);
  await (await server?.catch(() => undefined))?.stop();
}

if (SERVER_MODE) afterAll(async () => Promise.all([...servers.keys()].map(stopServer)));

const folderOf = (db: string) => db.replace(/^file:/, '').replace(/\/[^/]*$/, '');

/** What one CLI run printed and returned. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON. */
  json(): any;
}

/** Options of a captured run. */
export interface CaptureOptions {
  env?: Record<string, string>;
  isTTY?: boolean;
  cwd?: string;
  /** Stops a command that runs until told (as Ctrl-C does in a terminal). */
  signal?: AbortSignal;
}

/** A fresh file database URL in a temporary folder. */
export function tempDb(): { db: string; dir: string } {
  const dir = tempDir();
  return { db: `file:${dir}/cli.db`, dir };
}

/** A fresh database that exists (migrated, empty): read-only commands refuse one that does not. */
export async function emptyDb(): Promise<{ db: string; dir: string }> {
  const created = tempDb();
  (await openStore({ url: created.db })).close();
  return created;
}

/** Runs the CLI on `db` with `args`; the working directory defaults to the database's folder (no stray .env). */
export async function cli(db: string, args: string[], options: CaptureOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: options.env ?? {},
    isTTY: options.isTTY ?? false,
    cwd: options.cwd ?? folderOf(db),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  if (SERVER_MODE) {
    const server = await serverFor(db);
    io.env = { ...io.env, ROUTER_ADMIN_KEY: ADMIN_KEY };
    const code = await run(['--server', server.url, ...args], io);
    if (`${stdout}${stderr}`.includes(ADMIN_KEY)) throw new Error(`provider-cli ${args.join(' ')} printed the admin key`);
    return { code, stdout, stderr, json: () => JSON.parse(stdout) };
  }
  const code = await run(['--db', db, ...args], io);
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

/** Runs the CLI and fails the test with its stderr unless it exits 0. */
export async function ok(db: string, args: string[], options: CaptureOptions = {}): Promise<CliResult> {
  const result = await cli(db, args, options);
  if (result.code !== 0) throw new Error(`provider-cli ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result;
}

/** Asserts the shape every CLI error must have: one `provider-cli: …` line on stderr, exit code 1. */
export function oneLineError(result: CliResult): string {
  if (result.code === 0) throw new Error(`expected a failure, got exit 0 and: ${result.stdout}`);
  const lines = result.stderr.trim().split('\n');
  if (lines.length !== 1 || !lines[0].startsWith('provider-cli: ')) throw new Error(`expected one error line, got: ${JSON.stringify(result.stderr)}`);
  return lines[0];
}
