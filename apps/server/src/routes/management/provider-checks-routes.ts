/**
 * Provider checks: `GET /v1/providers/health` (every enabled provider, in
 * parallel, bounded by a timeout), `POST /v1/providers/:id/test` (the real probe)
 * and `POST /v1/providers/:id/reload` (re-read the configuration, drop pooled connections).
 */
import type { Handler } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { fetchProviderModels, probeProvider, type CircuitState, type ProbeResult, type ProbeStep, type ProviderEntry, type ProviderInstance } from '@router/core';
import type { ProviderRecord } from '@router/store';
import type { ManagementContext, ServerApp } from './management-context.js';
import { redactDeep } from './redact-deep.js';
import { modelIdSchema, providerIdParam, queryInt, readJson, readQuery } from './validation.js';

export const providerTestSchema = z.strictObject({
  model: modelIdSchema.optional(),
  timeoutMs: z.number().int().min(100).max(120_000).optional(),
  skipTools: z.boolean().optional(),
  stream: z.boolean().optional()
    .meta({ description: 'Answer with server-sent events as the probe runs: `step` ({phase: `started`, name}, then {phase: `finished`, name, ok, latencyMs, error?, detail?, skipped?}) per step, then one `result` (the answer without `stream`).' }),
});
export const healthQuery = z.object({ timeoutMs: queryInt(50, 60_000).optional() });

/** The engine's view of a stored provider. */
export function toProviderEntry(record: ProviderRecord): ProviderEntry {
  const { id, name, type, enabled, priority, config, defaultModel, capabilities } = record;
  return { id, name, type, enabled, priority, config, defaultModel, capabilities };
}

/** One provider's health. */
export interface ProviderHealth {
  id: string;
  name: string;
  type: string;
  /** `up`: the models endpoint answered; `down`: it failed or timed out; `unknown`: the adapter has no models endpoint. */
  status: 'up' | 'down' | 'unknown';
  latencyMs: number | null;
  models: number | null;
  error?: string;
}

/** The circuit of a provider that has not failed lately. */
const CLOSED_CIRCUIT: CircuitState = { state: 'closed', failures: 0, opens: 0, retryInMs: 0 };

function elapsed(start: number): number {
  return Math.round((performance.now() - start) * 10) / 10;
}

/**
 * Registers test and reload, and returns the handler of `GET /v1/providers/health`, which the
 * `GET /v1/providers/:id` route calls for the reserved id (Hono's fast RegExpRouter cannot hold a
 * static and a parameter route at the same place; with both, every route, chat included, would fall
 * back to the slower TrieRouter).
 */
export function registerProviderCheckRoutes(app: ServerApp, ctx: ManagementContext): { health: Handler } {
  const { store, router } = ctx;

  async function checkHealth(provider: ProviderEntry, timeoutMs: number): Promise<ProviderHealth> {
    const base = { id: provider.id, name: provider.name, type: provider.type };
    const start = performance.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const instance = router.instanceFor(provider);
      if (!instance.modelsRequest()) return { ...base, status: 'unknown', latencyMs: null, models: null };
      // the transport honours the timeout; the race is a backstop so one stuck provider cannot hold the answer
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs + 250);
      });
      const models = await Promise.race([fetchProviderModels(ctx.transport, instance, timeoutMs), deadline]);
      return { ...base, status: 'up', latencyMs: elapsed(start), models: models.length };
    } catch (error) {
      const message = (error as Error)?.name === 'AbortError' || (error as Error)?.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (error as Error)?.message ?? String(error);
      return { ...base, status: 'down', latencyMs: elapsed(start), models: null, error: message };
    } finally {
      clearTimeout(timer);
    }
  }

  const health: Handler = async (c) => {
    const timeoutMs = readQuery(c, healthQuery).timeoutMs ?? ctx.healthTimeoutMs ?? 5_000;
    const snapshot = ctx.configSource.current();
    const enabled = [...snapshot.providers.values()].filter((provider) => provider.enabled);
    // each answer is redacted with the secrets of the provider it came from
    const providers = await Promise.all(enabled.map(async (provider) => redactDeep(await checkHealth(provider, timeoutMs), snapshot, provider)));
    // each provider's circuit breaker as it is now (a provider that has not failed lately is closed)
    const circuits = router.circuits();
    const withCircuits = providers.map((provider) => ({ ...provider, circuit: circuits[provider.id] ?? CLOSED_CIRCUIT }));
    const down = providers.filter((provider) => provider.status === 'down').length;
    const status = providers.length === 0 ? 'no_providers' : down === 0 ? 'ok' : down === providers.length ? 'down' : 'degraded';
    return c.json({ status, checkedAt: new Date().toISOString(), timeoutMs, providers: withCircuits });
  };

  app.post('/v1/providers/:id/test', async (c) => {
    const id = providerIdParam(c);
    const options = await readJson(c, providerTestSchema);
    const record = await store.providers.get(id);
    const provider = toProviderEntry(record);
    const adapterFallback = router.adapters.get(record.type).fallback;
    let instance: ProviderInstance;
    try {
      instance = router.instanceFor(provider);
    } catch (error) {
      // a configuration the adapter refuses: report it like a failed probe
      const failed: ProbeResult & { error: string } = {
        providerId: id, type: record.type, adapterFallback, reachable: false, ok: false, model: null, models: null, steps: [],
        warnings: adapterFallback ? [`Unknown provider type "${record.type}": using the generic openai-compatible adapter.`] : [],
        capabilities: { reachable: false, models: null, streamUsage: null, nativeTools: null, reasoningContent: null, checkedAt: new Date().toISOString() },
        error: (error as Error)?.message ?? String(error),
      };
      const answer = redactDeep(failed, ctx.configSource.current(), provider);
      if (!options.stream) return c.json(answer);
      return streamSSE(c, (sse) => sse.writeSSE({ event: 'result', data: JSON.stringify(answer) }));
    }
    const probe = async (callbacks: { onStepStart?: (name: ProbeStep['name']) => void; onStep?: (step: ProbeStep) => void } = {}) => {
      const result = await probeProvider({
        provider, instance, transport: ctx.transport, adapterFallback,
        model: options.model, skipTools: options.skipTools, timeoutMs: options.timeoutMs ?? ctx.probeTimeoutMs, ...callbacks,
      });
      await store.providers.setCapabilities(id, result.capabilities);
      await ctx.applied();
      const snapshot = ctx.configSource.current();
      // what the upstream sent back (the steps) may echo any of its secrets, however short; the rest is the router's own words
      return { ...redactDeep(result, snapshot), steps: redactDeep(result.steps, snapshot, provider) };
    };
    if (!options.stream) return c.json(await probe());

    c.header('x-accel-buffering', 'no');
    return streamSSE(c, async (sse) => {
      // one writer, so the events go out whole and in order; a viewer that left stops nothing (each step is bounded by its timeout)
      let queue: Promise<unknown> = Promise.resolve();
      const send = (event: string, data: unknown) => {
        queue = queue.then(() => (sse.aborted ? undefined : sse.writeSSE({ event, data: JSON.stringify(data) }))).catch(() => undefined);
      };
      try {
        const result = await probe({
          onStepStart: (name) => send('step', { phase: 'started', name }),
          onStep: (step) => send('step', { phase: 'finished', ...redactDeep(step, ctx.configSource.current(), provider) }),
        });
        send('result', result);
      } catch (error) {
        // the probe never throws; storing what it learned can (the database): said in the stream, whose status is already sent
        ctx.logger?.warn('provider test failed', { providerId: id, error: String(error) });
        send('error', { error: { message: 'The test ran but its result could not be stored.', type: 'api_error', param: null, code: null } });
      }
      await queue;
    });
  });

  app.post('/v1/providers/:id/reload', async (c) => {
    const id = providerIdParam(c);
    const before = ctx.configSource.current().providers.get(id);
    await store.providers.get(id);
    await ctx.configSource.refresh(true);
    const snapshot = ctx.configSource.current();
    const after = snapshot.providers.get(id);
    const origins = [...new Set([before, after].map((provider) => (provider ? originOf(provider, ctx) : null)).filter((origin): origin is string => origin !== null))];
    if (ctx.closeOrigin) {
      for (const origin of origins) {
        // in-flight requests finish on the old connections; do not hold the answer for them
        ctx.closeOrigin(origin).catch((error) => ctx.logger?.warn('closing pooled connections failed', { origin, error: String(error) }));
      }
    }
    await store.history.record({ source: 'api', action: 'reload', entity: 'provider', entityId: id });
    void router.refreshModels().catch((error) => ctx.logger?.debug('model refresh failed', { error: String(error) }));
    return c.json({ providerId: id, reloaded: true, revision: snapshot.revision, enabled: after?.enabled ?? false, connectionsDropped: ctx.closeOrigin ? origins : [] });
  });

  return { health };
}

/** The upstream origin a provider talks to: from its adapter's models request, else its `baseURL`. */
function originOf(provider: ProviderEntry, ctx: ManagementContext): string | null {
  try {
    const request = ctx.router.instanceFor(provider).modelsRequest();
    if (request) return new URL(request.url).origin;
  } catch {
    // misconfigured: fall back to the raw baseURL
  }
  const baseURL = provider.config.baseURL;
  try {
    return typeof baseURL === 'string' ? new URL(baseURL).origin : null;
  } catch {
    return null;
  }
}
