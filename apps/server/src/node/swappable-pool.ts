/**
 * A per-origin dispatcher for undici's `Agent` whose connection pool can be
 * retired on demand (provider reload): new requests go to a fresh pool at once,
 * requests in flight finish on the old one, which then closes. The Agent sees
 * the same events a plain `Pool` emits, so its bookkeeping is unchanged.
 */
import { EventEmitter } from 'node:events';
import { Pool, type Dispatcher } from 'undici';

const FORWARDED = ['drain', 'connect', 'disconnect', 'connectionError'] as const;

/** A pool that can be swapped for a fresh one. */
export class SwappablePool extends EventEmitter {
  #current: Pool;
  readonly #retiring = new Set<Pool>();
  readonly #create: () => Pool;

  constructor(origin: string | URL, options: Pool.Options) {
    super();
    this.#create = () => {
      const pool = new Pool(origin, options);
      for (const event of FORWARDED) (pool as EventEmitter).on(event, (...args: unknown[]) => this.emit(event, ...args));
      return pool;
    };
    this.#current = this.#create();
  }

  get destroyed(): boolean {
    return this.#current.destroyed;
  }

  get closed(): boolean {
    return this.#current.closed;
  }

  dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    return this.#current.dispatch(options, handler);
  }

  /** Sends new requests to a fresh pool; resolves once the old pool's requests finished and its sockets closed (false when this pool was already closed). */
  async retire(): Promise<boolean> {
    // the Agent closes a pool whose last connection went away; nothing to retire then
    if (this.#current.closed || this.#current.destroyed) return false;
    const old = this.#current;
    this.#current = this.#create();
    this.#retiring.add(old);
    try {
      await old.close();
    } finally {
      this.#retiring.delete(old);
    }
    return true;
  }

  async close(): Promise<void> {
    await Promise.all([this.#current.close(), ...[...this.#retiring].map((pool) => pool.close())]);
  }

  async destroy(error?: Error): Promise<void> {
    await Promise.all([this.#current.destroy(error ?? null), ...[...this.#retiring].map((pool) => pool.destroy(error ?? null))]);
  }
}

/** An Agent `factory` that builds swappable pools and remembers the latest one per origin. */
export function createSwappablePoolFactory(pools: Map<string, SwappablePool>): (origin: string | URL, options: object) => Dispatcher {
  return (origin, options) => {
    const pool = new SwappablePool(origin, options as Pool.Options);
    pools.set(new URL(String(origin)).origin, pool);
    // the Agent only calls dispatch/close/destroy/on and reads `destroyed`, all of which the pool provides
    return pool as unknown as Dispatcher;
  };
}
