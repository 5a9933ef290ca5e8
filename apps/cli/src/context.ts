/** Per-run state: the IO with secrets redacted, the database (opened lazily, only once the command is validated), the legacy environment. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { broadSecrets, createRedactor, maskSecret, redactStrings, secretValuesOf } from '@router/core';
import { openStore, readLegacyEnv, type LegacyEnv, type Store } from '@router/store';
import { prepareDatabase, resolveDatabase, type DatabaseAccess, type DatabaseTarget, type PreparedDatabase } from './database.js';
import { CliError, type CliIO } from './io.js';
import { createDirectClient } from './client/direct-client.js';
import { createHttpClient, type ServerTarget } from './client/http-client.js';
import { routerUrl } from './commands/logs-tail.js';
import type { RouterClient } from './client/router-client.js';

/** The environment as the server would see it: `.env` from the working directory under the real variables. */
export interface LegacyContext {
  env: Record<string, string | undefined>;
  /** The `.env` file read, if any. */
  envFile: string | null;
  legacy: LegacyEnv;
}

/** Shared per-run state: the IO (secrets redacted), a lazily opened store and the legacy environment. */
export interface CliContext {
  io: CliIO;
  /** Sets the `--db` and `--server` options and how the command uses the database; called once the arguments are validated. */
  use(options: { db?: string; server?: string; access?: DatabaseAccess }): void;
  /** What the run manages: the database (`direct`), or a running router (`server`: `--server`, else `ROUTER_URL` unless `--db` is given). */
  target(): { mode: 'direct' } | ({ mode: 'server' } & ServerTarget);
  /** The database this run works on (`--db`, else `DATABASE_URL`, else the default file), resolved against the working directory. */
  database(): DatabaseTarget;
  /** Opens the database: one that must exist, unless the command's access is `create`. */
  store(): Promise<Store>;
  /** The router the commands manage: the configuration service over the database, or a running router (`--server`). */
  client(): RouterClient;
  /** True when this run created the database file. */
  created(): boolean;
  /** Removes a database this run created (after a failed command, so a failure leaves nothing behind). */
  discardCreated(): Promise<void>;
  /** Reads the environment plus `.env` (or `envFile`) and what its legacy variables say. */
  legacy(envFile?: string): LegacyContext;
  /** Remembers the secret values in a config given to this run (`--config`) so no output can show them, however short. */
  protect(config: unknown): void;
  /**
   * A copy of `value` (a log row) with every secret of the given stored providers masked in its
   * strings, however short. Every line written masks only the stored secrets long enough to look
   * for anywhere (`broadSecrets`): a short one (a header value `1`, a URL's user name `user`) would
   * eat ordinary words and numbers there, such as every priority and IP address of a table.
   */
  redactFrom<T>(value: T, providerIds: Iterable<string | null | undefined>): T;
  close(): Promise<void>;
}

const LEGACY_SECRETS = ['QWEN_API_KEY', 'DASHSCOPE_API_KEY', 'ADMIN_API_KEY'];

/** Creates the context for a run. */
export function createContext(raw: CliIO): CliContext {
  const secrets = new Set<string>();
  const byProvider = new Map<string, string[]>();
  // Belt and braces: every read path masks, and whatever slips through is replaced here (same rules as the server's).
  let redact = (text: string) => text;
  const io: CliIO = { ...raw, stdout: (text) => raw.stdout(redact(text)), stderr: (text) => raw.stderr(redact(text)) };

  function protect(config: unknown, providerId?: string): void {
    const values = secretValuesOf(config);
    if (providerId !== undefined) byProvider.set(providerId, values);
    const before = secrets.size;
    for (const secret of providerId === undefined ? values : broadSecrets(values)) secrets.add(secret);
    if (secrets.size !== before) redact = createRedactor({ secrets: [...secrets], patterns: [], replace: maskSecret });
  }

  function redactFrom<T>(value: T, providerIds: Iterable<string | null | undefined>): T {
    const own = [...new Set(providerIds)].flatMap((id) => (id ? (byProvider.get(id) ?? []) : []));
    if (own.length === 0) return value;
    return redactStrings(value, createRedactor({ secrets: own, patterns: [], replace: maskSecret }));
  }

  let db: string | undefined;
  let server: string | undefined;
  let access: DatabaseAccess = 'existing';
  let target: DatabaseTarget | undefined;
  let prepared: PreparedDatabase | undefined;
  let opened: Promise<Store> | undefined;
  const cached = new Map<string, LegacyContext>();
  const closeStore = async () => {
    const store = opened;
    opened = undefined;
    await store?.then((open) => open.close(), () => undefined);
  };
  const database = () => (target ??= resolveDatabase(db, raw.env, raw.cwd ?? process.cwd()));
  let client: RouterClient | undefined;
  const context: CliContext = {
    io,
    use(options) {
      if (opened) throw new Error('the database is already open');
      if ('db' in options) db = options.db;
      if ('server' in options) server = options.server;
      if (options.access) access = options.access;
      target = undefined;
    },
    database,
    created: () => prepared?.created ?? false,
    async discardCreated() {
      if (!prepared?.created) return;
      const { discard } = prepared;
      prepared = undefined;
      await closeStore();
      discard();
    },
    protect: (config) => protect(config),
    redactFrom,
    target() {
      if (server !== undefined && db !== undefined) throw new CliError('pass either --db (work on a database) or --server (manage a running router), not both');
      const fromEnv = raw.env.ROUTER_URL?.trim();
      if (server === undefined && (db !== undefined || !fromEnv)) return { mode: 'direct' };
      const url = routerUrl(server, raw.env);
      const adminKey = raw.env.ROUTER_ADMIN_KEY?.trim() || undefined;
      // the key is never printed: every line this run writes masks it
      if (adminKey) protect({ apiKey: adminKey });
      return { mode: 'server', url, source: server !== undefined ? 'option' : 'environment', adminKey };
    },
    store: () =>
      (opened ??= (async () => {
        if (access === 'none') throw new Error('this command does not use the database');
        if (context.target().mode === 'server') throw new Error('a command managing a running router never opens a database');
        prepared = prepareDatabase(database(), access);
        // the server's own switch, so a provider the server may call can be written from here too
        const allowMetadataAddresses = ['1', 'true'].includes(process.env.ALLOW_METADATA_ADDRESSES ?? '');
        const store = await openStore({ url: database().url, allowMetadataAddresses });
        for (const provider of await store.providers.list()) protect(provider.config, provider.id);
        return store;
      })()),
    legacy(envFile) {
      const key = envFile ?? '';
      const hit = cached.get(key);
      if (hit) return hit;
      const path = resolve(raw.cwd ?? process.cwd(), envFile ?? '.env');
      let fromFile: Record<string, string | undefined> = {};
      if (existsSync(path)) {
        try {
          fromFile = parseEnv(readFileSync(path, 'utf8'));
        } catch (error) {
          throw new CliError(`cannot read ${path}: ${(error as Error).message}`);
        }
      } else if (envFile) throw new CliError(`env file ${path} does not exist`);
      const env = { ...fromFile, ...raw.env };
      for (const name of LEGACY_SECRETS) protect({ [name]: env[name] });
      const context = { env, envFile: existsSync(path) ? path : null, legacy: readLegacyEnv(env) };
      cached.set(key, context);
      return context;
    },
    client() {
      if (client) return client;
      const chosen = context.target();
      client = chosen.mode === 'server' ? createHttpClient(chosen) : createDirectClient(context);
      return client;
    },
    close: closeStore,
  };
  return context;
}
