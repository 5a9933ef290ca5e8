/**
 * Keeps the client keys' limiter and the store in step, off the request path: the stored usage of
 * the current budget period is loaded once per key (at start-up, and when a key appears), and what
 * the limiter counted is written back in batches (every `intervalMs`, and at shutdown). Writing
 * usage does not bump the configuration revision, so it never reloads the snapshot.
 *
 * With limits shared by several routers (`shared`), each write is followed by a read of the stored
 * spend of the keys with a budget (every router's), so a budget holds across routers within one
 * interval's spend; and the rate windows of the shared limits are pruned once they are long over.
 */
import { budgetPeriodStart, type ConfigSnapshot, type KeyLimiter } from '@router/core';
import type { ClientKeyView, Store } from '@router/store';
import type { Logger } from '../logger.js';

/** The sync between limiter and store. */
export interface KeyUsageSync {
  /** Loads the stored usage of keys not seen before and forgets removed ones (call with each new snapshot). */
  sync(snapshot: ConfigSnapshot): Promise<void>;
  /** Writes what was counted since the last write. */
  flush(): Promise<void>;
  /** Adds what was counted and not written yet to the stored usage of `views`. */
  overlay(views: ClientKeyView[]): ClientKeyView[];
  /**
   * Reads keys' stored usage with `read` and adds what was counted and not written yet, between two
   * writes (a write in flight has left the limiter but is not stored yet: read then, it would be missed).
   */
  live(read: () => Promise<ClientKeyView[]>): Promise<ClientKeyView[]>;
  /** Stops the timer and writes what is left. */
  close(): Promise<void>;
}

/** Rate windows are kept this long after they start (they are only read while they last). */
const WINDOW_KEEP_MS = 10 * 60_000;

/** Starts writing usage back every `intervalMs` (default 1000). */
export function createKeyUsageSync(options: { store: Store; limiter: KeyLimiter; logger?: Logger; intervalMs?: number; now?: () => number; shared?: boolean }): KeyUsageSync {
  const { store, limiter, logger } = options;
  const now = options.now ?? Date.now;
  const loaded = new Set<string>();
  let writing: Promise<void> = Promise.resolve();
  /** The keys with a budget, from the last snapshot (shared mode refreshes their spend). */
  let budgeted: { id: string; budgetPeriodMs: number | null; createdAt: number }[] = [];
  let prunedAt = 0;

  /** Reads every router's stored spend of the budgeted keys, and drops rate windows long over (shared mode). */
  async function refresh(): Promise<void> {
    const at = now();
    if (budgeted.length > 0) {
      const periods = new Map(budgeted.map((key) => [key.id, budgetPeriodStart(key, at)]));
      limiter.refresh(await store.clientKeys.usage({ periods }));
    }
    if (at - prunedAt >= 60_000) {
      prunedAt = at;
      await store.clientKeys.pruneWindows(at - WINDOW_KEEP_MS);
    }
  }

  async function write(): Promise<void> {
    const increments = limiter.takeIncrements();
    if (increments.length === 0) return;
    try {
      await store.clientKeys.addUsage(increments);
    } catch (error) {
      // kept for the next write: usage is never lost to a busy database
      limiter.restore(increments);
      logger?.warn('client key usage write failed; retrying with the next batch', { error: (error as Error).message });
    }
  }

  async function tick(): Promise<void> {
    await write();
    if (!options.shared) return;
    try {
      await refresh();
    } catch (error) {
      logger?.warn('could not read the client keys\' stored usage; budgets count on this router\'s spend until it can', { error: (error as Error).message });
    }
  }

  const flush = () => (writing = writing.then(tick));
  const timer = setInterval(() => void flush(), options.intervalMs ?? 1_000);
  timer.unref();

function overlay(views: ClientKeyView[]): ClientKeyView[] {
    return views.map((view) => {
      const pending = limiter.unflushed(view.id, view.usage.periodStart);
      if (!pending) return view;
      const usage = {
        ...view.usage,
        requests: view.usage.requests + pending.requests,
        promptTokens: view.usage.promptTokens + pending.promptTokens,
        completionTokens: view.usage.completionTokens + pending.completionTokens,
        spent: Math.round((view.usage.spent + pending.spent) * 1e9) / 1e9,
      };
      return { ...view, usage };
    });
  }

  return {
    async sync(snapshot) {
      const keys = [...(snapshot.clientKeys?.values() ?? [])];
      budgeted = keys.filter((key) => key.budget !== null);
      limiter.retain(new Set(keys.map((key) => key.id)));
      const fresh = keys.filter((key) => !loaded.has(key.id));
      if (fresh.length === 0) return;
      const at = now();
      const periods = new Map(fresh.map((key) => [key.id, budgetPeriodStart(key, at)]));
      try {
        limiter.load(await store.clientKeys.usage({ periods }));
        for (const key of fresh) loaded.add(key.id);
      } catch (error) {
        logger?.warn('could not load client key usage; budgets count from zero until it loads', { error: (error as Error).message });
      }
    },
    flush,
    overlay,
    live(read) {
      const result = writing.then(async () => overlay(await read()));
      writing = result.then(
        () => undefined,
        () => undefined,
      );
      return result;
    },
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
