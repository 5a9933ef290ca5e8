/**
 * The three timeouts of an attempt, per provider: connect, time to first byte
 * (response headers) and idle (longest silence between body chunks; a slow but
 * steady stream lives as long as it keeps sending).
 *
 * Precedence: the provider's own config keys (`connectTimeout`, `timeout`,
 * `idleTimeout`, in ms) → the `request_timeout_ms` setting (`REQUEST_TIMEOUT`)
 * → the adapter's defaults → 10 s to connect.
 */
import type { ProviderInstance } from '../spec/adapter.js';
import type { ProviderEntry } from '../spec/config.js';
import type { ResolvedTarget } from '../routing/resolve-targets.js';

/** Timeouts applied to one attempt, in ms. */
export interface AttemptTimeouts {
  /** Until a new connection is established. */
  connectMs: number;
  /** Until response headers arrive. */
  headersMs: number;
  /** Longest silence between body chunks. */
  idleMs: number;
}

/** Connect timeout when nothing else says. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

function configured(config: ProviderEntry['config'], key: string): number | undefined {
  const raw = config[key];
  if (typeof raw !== 'number' && typeof raw !== 'string') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/** Works out a provider's timeouts. */
export function attemptTimeouts(provider: ProviderEntry, instance: ProviderInstance, requestTimeoutMs?: number): AttemptTimeouts {
  const config = provider.config;
  return {
    connectMs: configured(config, 'connectTimeout') ?? instance.timeouts.connectMs ?? Math.min(DEFAULT_CONNECT_TIMEOUT_MS, requestTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS),
    headersMs: configured(config, 'timeout') ?? requestTimeoutMs ?? instance.timeouts.headersMs,
    idleMs: configured(config, 'idleTimeout') ?? requestTimeoutMs ?? instance.timeouts.idleMs,
  };
}

/**
 * The timeouts of an attempt at a local model that is not loaded: the server loads it before the
 * first byte (or, having sent its headers, before the first token), so both waits get the cold-start
 * allowance, never less than usual.
 */
export function coldStartTimeouts(timeouts: AttemptTimeouts, coldStartMs: number): AttemptTimeouts {
  return { connectMs: timeouts.connectMs, headersMs: Math.max(timeouts.headersMs, coldStartMs), idleMs: Math.max(timeouts.idleMs, coldStartMs) };
}

/** What the failover loop knows of local models' load state (discovery), for the cold-start allowance. */
export interface ColdStarts {
  /** Whether the target is a local model known not to be loaded (unknown: false). From memory, no I/O. */
  isCold(target: ResolvedTarget): boolean;
  /** The target answered: its model counts as loaded now (until a refresh says otherwise). */
  loaded(target: ResolvedTarget): void;
}
