/**
 * Keeps what the router's background discovery learned about each local server (its models, their
 * load state and contexts) in the provider's `capabilities` JSON, so the last known state is there
 * when the server is down or the router restarts (`provider-cli model list --local`, the dashboard,
 * `/v1/models`). Written only when it changed, and only from what a server said itself; called
 * after a refresh, off the request path.
 */
import { discoveryFromCapabilities, storedDiscovery, type ConfigSnapshot, type DiscoveredModel, type ServerDiscovery } from '@router/core';
import type { ProvidersRepository } from './repositories/providers.js';

/** Compares what matters of two model lists (not when they were learned). */
function signature(models: readonly DiscoveredModel[]): string {
  return JSON.stringify(
    models.map((model) => [model.id, model.state, model.type ?? null, model.maxContextLength ?? null, model.loadedContextLength ?? null]).sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0)),
  );
}

/** Writes changed discoveries into providers' capabilities. */
export interface DiscoveryKeeper {
  /** Stores each local server's discovery that differs from what its capabilities say; answers the provider ids written. */
  keep(snapshot: ConfigSnapshot, discovered: (providerId: string) => ServerDiscovery | undefined): Promise<string[]>;
}

/** Creates a keeper over the providers repository. */
export function createDiscoveryKeeper(providers: Pick<ProvidersRepository, 'setDiscovered'>): DiscoveryKeeper {
  /** What was last written per provider, so a snapshot that has not reloaded yet does not cause a second write. */
  const written = new Map<string, string>();
  let chain: Promise<unknown> = Promise.resolve();

  async function keepOnce(snapshot: ConfigSnapshot, discovered: (providerId: string) => ServerDiscovery | undefined): Promise<string[]> {
    const ids: string[] = [];
    for (const provider of snapshot.providers.values()) {
      const found = discovered(provider.id);
      // only what the server itself said: an unreachable server's models are the last known ones already
      if (!found || !found.reachable || found.error !== undefined) continue;
      const next = storedDiscovery(found);
      const now = signature(next.models);
      const stored = discoveryFromCapabilities(provider.capabilities);
      if ((stored && signature(stored.models) === now) || written.get(provider.id) === now) continue;
      try {
        await providers.setDiscovered(provider.id, next);
        written.set(provider.id, now);
        ids.push(provider.id);
      } catch {
        // a provider that is not in the database (set by environment variables) or was just removed
      }
    }
    return ids;
  }

  return {
    keep(snapshot, discovered) {
      // one pass at a time: a call during one runs after it
      const next = chain.then(() => keepOnce(snapshot, discovered));
      chain = next.catch(() => undefined);
      return next;
    },
  };
}
