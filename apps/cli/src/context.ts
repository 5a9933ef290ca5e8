/** The database a command works on: `--db`, else `DATABASE_URL`, else `file:data/provider-router.db`. */
import { DEFAULT_DATABASE_URL, openStore, type Store } from '@router/store';
import type { CliIO } from './io.js';

/** Shared per-run state: the IO and a lazily opened store. */
export interface CliContext {
  io: CliIO;
  store(): Promise<Store>;
  close(): void;
}

/** Creates the context for a run. */
export function createContext(io: CliIO, db: string | undefined): CliContext {
  let opened: Promise<Store> | undefined;
  return {
    io,
    store: () => (opened ??= openStore({ url: db ?? io.env.DATABASE_URL ?? DEFAULT_DATABASE_URL })),
    close() {
      opened?.then((store) => store.close()).catch(() => undefined);
    },
  };
}
