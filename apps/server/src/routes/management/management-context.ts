/** What the management routes are built from. */
import type { ConfigSnapshot, Router, Transport } from '@router/core';
import type { ClientKeyView, ConfigService, Store } from '@router/store';
import type { Logger } from '../../logger.js';
import type { RequestBroadcast } from '../../live/request-broadcast.js';

export type { ServerApp } from '../../app-env.js';

/** The live configuration the server routes by; `refresh(true)` reloads it now. */
export interface LiveConfig {
  current(): ConfigSnapshot;
  refresh(force?: boolean): Promise<boolean>;
}

/** The management API's dependencies (the router comes from the app). */
export interface ManagementDependencies {
  /** The database. */
  store: Store;
  /** The server's own configuration snapshot, refreshed after every write so changes apply at once. */
  configSource: LiveConfig;
  /** The upstream transport, for provider tests and health checks. */
  transport: Transport;
  /** Retires the pooled connections to one origin (provider reload); absent when the transport has no pool. */
  closeOrigin?: (origin: string) => Promise<boolean>;
  /** Per-step timeout of `POST /v1/providers/:id/test`, ms (default 15000). */
  probeTimeoutMs?: number;
  /** Default timeout of `GET /v1/providers/health`, ms (default 5000). */
  healthTimeoutMs?: number;
  /** Server logger. */
  logger?: Logger;
  /** The log writer's counters (queued, written, dropped rows), reported by `GET /v1/stats`. */
  logStats?: () => Record<string, number>;
  /** The live request tail (`GET /v1/requests/tail`): the broadcast the log sink feeds, and the keep-alive comment interval in ms (default 15000). Absent: the route answers 501. */
  tail?: { broadcast: RequestBroadcast; keepAliveMs?: number };
  /** Reads keys' stored usage with `read` and adds what the running router counted and has not written back yet, between two of its writes (absent: the stored usage alone). */
  keyUsage?: (read: () => Promise<ClientKeyView[]>) => Promise<ClientKeyView[]>;
  /** Monotonic milliseconds for the timings `POST /v1/compare` reports (default `performance.now`). */
  clock?: () => number;
}

/** Everything a route module gets. */
export interface ManagementContext extends ManagementDependencies {
  router: Router;
  /** The configuration service every write goes through (the same rules as the CLI's). */
  config: ConfigService;
  /** Reloads the server's snapshot after a write (the poller would see it within its interval; this makes it immediate). */
  applied(): Promise<void>;
}
