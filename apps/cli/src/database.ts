/**
 * Which database a command works on, and whether it may create it: read-only
 * commands and commands that change existing things need one that exists;
 * only commands that can start from nothing (`provider add`, …) create it.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DATABASE_URL, maskDatabaseUrl } from '@router/store';
import { CliError } from './io.js';

/** How a command uses the database: `existing` fails when there is none; `create` may create it; `none`: the command never opens it (it talks to a running router). */
export type DatabaseAccess = 'existing' | 'create' | 'none';

/** The database a run resolved to. */
export interface DatabaseTarget {
  /** The URL handed to the store (file paths made absolute). */
  url: string;
  /** The absolute file path for a file database; null for `:memory:` and remote URLs. */
  path: string | null;
  /** Where the choice came from. */
  source: 'option' | 'environment' | 'default';
}

/** Resolves `--db`, else `DATABASE_URL`, else the default file, against `cwd`. */
export function resolveDatabase(option: string | undefined, env: Record<string, string | undefined>, cwd: string): DatabaseTarget {
  const source = option !== undefined ? 'option' : env.DATABASE_URL ? 'environment' : 'default';
  const given = option ?? (env.DATABASE_URL || DEFAULT_DATABASE_URL);
  if (given.trim() === '') throw new CliError('--db is empty: pass a database path or URL');
  if (given === ':memory:' || given === 'file::memory:' || /^(libsql|https?|wss?|postgres(ql)?):/i.test(given)) return { url: given, path: null, source };
  const raw = given.startsWith('file://') ? fileURLToPath(given.replace(/\?.*$/, '')) : given.startsWith('file:') ? given.slice('file:'.length).replace(/\?.*$/, '') : given;
  const path = isAbsolute(raw) ? resolve(raw) : resolve(cwd, raw);
  return { url: `file:${path}`, path, source };
}

/** The one-line explanation of how to point the CLI at another database. */
export function describeTarget(target: DatabaseTarget): string {
  const from = target.source === 'option' ? 'from --db' : target.source === 'environment' ? 'from DATABASE_URL' : `the default ${DEFAULT_DATABASE_URL}, relative to the working directory`;
  return `${target.path ?? maskDatabaseUrl(target.url)} (${from})`;
}

/** What `prepareDatabase` did, so a failed run can undo the creation. */
export interface PreparedDatabase {
  /** True when the database file did not exist before this run. */
  created: boolean;
  /** Removes what this run created (the file, its WAL files, and any folder it made). */
  discard(): void;
}

/**
 * Checks a file database before it is opened: with `existing`, a missing file is a
 * one-line error naming the path; with `create`, its folder is made (and remembered).
 */
export function prepareDatabase(target: DatabaseTarget, access: DatabaseAccess): PreparedDatabase {
  const nothing: PreparedDatabase = { created: false, discard: () => undefined };
  if (target.path === null || existsSync(target.path)) return nothing;
  if (access === 'existing') {
    throw new CliError(`no database at ${describeTarget(target)}; point to yours with --db <path> or DATABASE_URL, or create one with \`provider-cli provider add\``);
  }
  const path = target.path;
  // private, like the files in it (the store creates those 0600): a database holds provider keys
  const folder = mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  return {
    created: true,
    discard() {
      for (const file of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) rmSync(file, { force: true });
      if (folder) rmSync(folder, { recursive: true, force: true });
    },
  };
}
