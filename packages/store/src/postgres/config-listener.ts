/**
 * Live configuration across routers on Postgres: every configuration write bumps the revision and
 * sends `NOTIFY router_config` (a trigger, `drizzle/postgres/0001_config_revision_triggers.sql`);
 * each router listens on a connection of its own and re-reads its snapshot at once. postgres.js
 * keeps the listening connection up: when it drops (a database restart, a failover) it reconnects
 * with backoff and listens again, and `onListen` fires each time, so a caller re-reads then too
 * (changes made while it was away sent their notifications to nobody). Polling the revision stays
 * the fallback for anything missed.
 */
import type { Sql } from 'postgres';
import { CONFIG_CHANNEL } from './open-postgres.js';

/** A running listener. */
export interface ConfigListener {
  /** Stops listening. */
  stop(): Promise<void>;
}

/**
 * Listens for configuration changes: `onChange(revision)` for every notification (the new
 * revision), and `onListen()` each time listening starts (first, and after every reconnect).
 */
export async function listenForConfigChanges(sql: Sql, handlers: { onChange(revision: number): void; onListen?(): void }): Promise<ConfigListener> {
  // postgres.js re-registers listeners as new entries when it reconnects, which the `unlisten` of
  // the first registration does not remove: the handlers check `stopped` so a stopped listener is silent.
  let stopped = false;
  const { unlisten } = await sql.listen(
    CONFIG_CHANNEL,
    (payload) => {
      const revision = Number(payload);
      if (!stopped && Number.isSafeInteger(revision)) handlers.onChange(revision);
    },
    () => {
      if (!stopped) handlers.onListen?.();
    },
  );
  return {
    async stop() {
      stopped = true;
      await unlisten();
    },
  };
}
