/**
 * Wires the parts together: store → config source and log writer → engine →
 * Hono app → Node server. `main()` calls it; tests can too.
 */
import { hostname } from 'node:os';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer as createHttpServer, type RequestListener, type Server, type ServerOptions } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { serve } from '@hono/node-server';
import { broadSecretValuesOfSnapshot, createKeyLimiter, createResponseMemory, DEFAULT_MAX_REMEMBERED_CHARS, createRouter, type ConfigSnapshot, type ResponseMemory, type Router } from '@router/core';
import { describeDatabaseError, describeListenError, displayDatabaseUrl } from './startup-errors.js';
import { bodyStorageFrom, createDiscoveryKeeper, createBundledRateTable, pricedModels, pricedProvidersOf, createLogWriter, createWorkerLogWriter, retentionPolicyFrom, createStoreConfigSource, openStore, createLegacyOverlay, readLegacyEnv, type LogWriter, type Store, type StoreConfigSource } from '@router/store';
import { createApp } from './app.js';
import { withProxyFastPath } from './node/proxy-fast-path.js';
import type { NodeProxyRoutes } from './routes/proxy-route.js';
import type { ServerEnv } from './env.js';
import { createLogger, type Logger } from './logger.js';
import { createUndiciTransport } from './node/undici-transport.js';
import { broadcastingSink, createRequestBroadcast, type RequestBroadcast } from './live/request-broadcast.js';
import { createRedactor } from './redact.js';
import { createRouterMetrics } from './metrics/router-metrics.js';
import { tracesUrlFromEnv } from './tracing/traces-url.js';
import { parseApiKeys } from './auth/create-client-key-auth.js';
import { createKeyUsageSync } from './keys/key-usage-sync.js';

/** The package version, read from package.json. */
export function serverVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/** A running server. */
export interface RunningServer {
  url: string;
  port: number;
  server: Server;
  store: Store;
  router: Router;
  configSource: StoreConfigSource;
  logWriter: LogWriter;
  /** The live request tail's broadcast (`GET /v1/requests/tail`). */
  tail: RequestBroadcast;
  logger: Logger;
  /** Stops accepting, waits for requests in flight (up to the grace period), flushes the log, closes the database. */
  close(): Promise<void>;
}

/** Legacy environment settings (providers, default provider, mappings, timeout) fill in what the database does not say (database wins). */
export function legacyOverlay(env: ServerEnv, logger: Logger): (snapshot: ConfigSnapshot) => ConfigSnapshot {
  const legacy = readLegacyEnv(env);
  for (const warning of legacy.warnings) logger.warn(warning);
  if (legacy.providers.length) logger.info('legacy environment providers apply where the database has none (run provider-cli migrate)', { providers: legacy.providers.map((provider) => provider.id) });
  return createLegacyOverlay(legacy);
}

/** The process's memory in MiB (RSS, and the main thread's V8 heap and the buffers outside it). */
function memoryMib(): Record<string, number> {
  const usage = process.memoryUsage();
  const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
  return { rss: mib(usage.rss), heapUsed: mib(usage.heapUsed), heapTotal: mib(usage.heapTotal), external: mib(usage.external), arrayBuffers: mib(usage.arrayBuffers) };
}

/** How many produced Responses answers are kept for `previous_response_id` (in memory, loaded from the log at start-up). */
const RESPONSE_MEMORY_SIZE = 1_000;

/**
 * The memory of produced Responses answers, filled from the newest states kept with the log rows,
 * so `previous_response_id` outlives a restart; read once here, before the server listens, never
 * on the request path. A state that does not read back is skipped; a failed read starts empty.
 */
async function loadResponseMemory(store: Store, logger: Logger, maxBytes: number): Promise<ResponseMemory> {
  // bounded in size as well as in number: an answer larger than 8 MiB is not kept, and the oldest go past the total
  const bounds = { maxChars: maxBytes, maxEntryChars: Math.min(DEFAULT_MAX_REMEMBERED_CHARS, maxBytes) };
  const memory = createResponseMemory(RESPONSE_MEMORY_SIZE, bounds);
  try {
    const { states, unreadable } = await store.logs.recentResponseStates(RESPONSE_MEMORY_SIZE, bounds);
    for (const state of states) memory.set(state.id, state);
    if (unreadable > 0) logger.warn('skipped unreadable Responses states in the request log', { skipped: unreadable });
    if (states.length > 0) logger.debug('loaded Responses states from the request log', { loaded: states.length });
  } catch (error) {
    logger.warn('could not load Responses states from the request log; previous_response_id starts empty', { error: (error as Error).message });
  }
  return memory;
}

/** Starts the server with the given settings. */
export async function startServer(env: ServerEnv, options: { logger?: Logger } = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(env.LOG_LEVEL);
  const version = serverVersion();
  const allowMetadataAddresses = env.ALLOW_METADATA_ADDRESSES === '1' || env.ALLOW_METADATA_ADDRESSES === 'true';
  const store = await openStore({ url: env.DATABASE_URL, allowMetadataAddresses, poolSize: env.DATABASE_POOL_SIZE, statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS }).catch((error: unknown) => {
    throw describeDatabaseError(error, env.DATABASE_URL);
  });
  const configSource = createStoreConfigSource(store, {
    intervalMs: env.CONFIG_POLL_MS,
    overlay: legacyOverlay(env, logger),
    onError: (error) => logger.warn('config refresh failed', { error: (error as Error).message }),
  });
  await configSource.start();
  // Log rows are summarised, redacted and inserted in a worker thread: the local libsql client
  // runs SQLite synchronously, which would stall every request on this event loop. The worker
  // gets the current secret values (re-sent when they change) and redacts before inserting: those
  // long enough to look for in any row (a short one is redacted from its own provider's answers by
  // the engine, and would otherwise eat the numbers and words of every row).
  // An in-memory database cannot be shared with a worker, so it keeps the in-thread writer.
  // Prometheus metrics: counted from the log records (and the token usage the log writer reports off the request path); gauges read at scrape time.
  let counted: Router | undefined;
  const metrics = createRouterMetrics({
    inFlight: () => counted?.inFlight() ?? 0,
    circuits: () => counted?.circuits() ?? {},
    providers: () => [...configSource.current().providers.keys()],
    log: () => logWriter.stats(),
    configRevision: () => configSource.current().revision,
    tail: () => ({ viewers: tail.viewers(), dropped: tail.dropped() }),
    shadow: () => counted?.shadowStats() ?? { started: 0, skippedOverCap: 0, failed: 0, timedOut: 0, inFlight: 0 },
  });
  // OpenTelemetry traces, when an OTLP endpoint is configured: spans built from the log records, exported in the background.
  const tracesUrl = tracesUrlFromEnv(env);
  // the OpenTelemetry SDK (about 16 MiB) is loaded only when traces are on
  const tracing = tracesUrl
    ? (await import('./tracing/request-tracing.js')).createRequestTracing({
        url: tracesUrl,
        serviceName: env.OTEL_SERVICE_NAME,
        version,
        scheduledDelayMillis: env.OTEL_BSP_SCHEDULE_DELAY,
        timeoutMillis: env.OTEL_EXPORTER_OTLP_TIMEOUT,
        onExportFailed: (error) => {
          metrics.traceExportFailed();
          logger.debug('trace export failed', { error: String((error as Error | undefined)?.message ?? error) });
        },
      })
    : undefined;
  const onLogError = (error: unknown) => logger.error('log write failed', { error: (error as Error).message });
  // How much of each body is stored (`log_bodies`) is read as each batch is written, so it is live.
  const bodies = () => bodyStorageFrom(configSource.current().settings);
  // Client keys: limits counted in memory, usage and cost fed back by the log writer as rows are written, usage written back in batches.
  const sharedKeyLimits = env.ROUTER_SHARED_KEY_LIMITS === 'on' || (env.ROUTER_SHARED_KEY_LIMITS === 'auto' && store.dialect === 'postgres');
  const keyLimiter = createKeyLimiter({
    onRefused: (reason) => metrics.keyRejected(reason),
    shared: sharedKeyLimits
      ? { claim: (claims) => store.clientKeys.claimWindows(claims), onError: (error) => logger.warn('client key rate window claim failed; this router counts its own traffic until the window ends', { error: (error as Error).message }) }
      : undefined,
  });
  const keyUsage = createKeyUsageSync({ store, limiter: keyLimiter, logger, shared: sharedKeyLimits });
  await keyUsage.sync(configSource.current());
  const onKeyedUsage = keyLimiter.settle;
  // The bundled price list's rates for `x-router-cost`, learned from the log writer (which loads the list), never loaded here.
  const bundledRates = createBundledRateTable();
  const instanceId = env.ROUTER_INSTANCE_ID ?? `${hostname()}:${process.pid}`;
  const logWriter =
    store.url === ':memory:'
      ? createLogWriter({ instanceId, logs: store.logs, redact: () => createRedactor(configSource.current()), bodies, providers: () => pricedProvidersOf(configSource.current()), prices: () => configSource.current().prices, onRates: (rates) => bundledRates.learn(rates), onError: onLogError, onWritten: metrics.usage, onRowsWritten: tracing?.rowsWritten, onKeyedUsage })
      : createWorkerLogWriter({ instanceId, url: store.url, secrets: () => broadSecretValuesOfSnapshot(configSource.current()), bodies, providers: () => pricedProvidersOf(configSource.current()), prices: () => configSource.current().prices, onRates: (rates) => bundledRates.learn(rates), onError: onLogError, onWritten: metrics.usage, onRowsWritten: tracing?.rowsWritten, onKeyedUsage });
  // The live tail sees every record the log writer gets, from memory (no database read on the request path).
  const tail = createRequestBroadcast();
  const responseMemory = await loadResponseMemory(store, logger, env.RESPONSE_MEMORY_MAX_BYTES);
  const upstream = createUndiciTransport({ connections: env.UPSTREAM_CONNECTIONS, allowMetadataAddresses });
  const router = createRouter({
    responseMemory,
    config: configSource,
    allowMetadataAddresses,
    transport: upstream.transport,
    logSink: metrics.sink(tracing ? tracing.sink(broadcastingSink(logWriter, tail)) : broadcastingSink(logWriter, tail)),
    keepAliveMs: env.SSE_KEEPALIVE_MS,
    maxBufferedBytes: env.MAX_BUFFERED_RESPONSE_BYTES,
    bundledRates: (provider, model) => bundledRates.rates(pricedProvidersOf(configSource.current())[provider.id], model),
    keys: keyLimiter,
    shadow: { perMinute: env.SHADOW_PER_MINUTE, timeoutMs: env.SHADOW_TIMEOUT_MS },
    onInternalError: (error) => logger.error('internal error', { error: (error as Error)?.stack ?? String(error) }),
  });
  counted = router;
  // What discovery learned about local servers is kept in their capabilities when it changed (after each refresh, off the request path).
  const discoveryKeeper = createDiscoveryKeeper(store.providers);
  const keepDiscovered = () =>
    discoveryKeeper.keep(configSource.current(), router.discoveredModels).catch((error: unknown) => logger.warn('could not keep what local servers reported', { error: (error as Error).message }));
  const refreshModels = () =>
    router
      .refreshModels()
      .then(keepDiscovered)
      .catch((error) => logger.debug('model refresh failed', { error: String(error) }));
  // the configured models' prices, looked up by the log writer ahead of their first request
  const priceConfiguredModels = (snapshot: ConfigSnapshot) => logWriter.priceModels?.(pricedModels(snapshot, pricedProvidersOf(snapshot)));
  priceConfiguredModels(configSource.current());
  configSource.onChange((snapshot) => {
    logger.info('configuration changed', { revision: snapshot.revision, active: snapshot.activeProviderId });
    priceConfiguredModels(snapshot);
    metrics.configReloaded();
    void refreshModels();
    void keyUsage.sync(snapshot);
  });
  void refreshModels();
  const modelsTimer = setInterval(refreshModels, env.MODELS_REFRESH_MS);
  modelsTimer.unref();
  // Local servers load and unload models on their own: asked more often, in the background (never on a request).
  const localModelsTimer = env.LOCAL_MODELS_REFRESH_MS > 0
    ? setInterval(
        () =>
          router
            .refreshModels({ localOnly: true })
            .then(keepDiscovered)
            .catch((error) => logger.debug('local server discovery failed', { error: String(error) })),
        env.LOCAL_MODELS_REFRESH_MS,
      )
    : undefined;
  localModelsTimer?.unref();

  // Log retention, off the request path: the log worker deletes the oldest rows in small batches
  // (see pruneLogs) with the current settings; one pass at a time, counted in /health as log.pruned.
  let pruning: Promise<unknown> | undefined;
  const pruneLog = () => {
    pruning ??= logWriter
      .prune(retentionPolicyFrom(configSource.current().settings))
      .then((result) => {
        if (result.deleted > 0) logger.info('request log pruned', { ...result });
      })
      .catch((error: unknown) => logger.warn('request log pruning failed', { error: (error as Error).message }))
      .finally(() => {
        pruning = undefined;
      });
  };
  pruneLog();
  const pruneTimer = setInterval(pruneLog, env.LOG_PRUNE_INTERVAL_MS);
  pruneTimer.unref();

  // Event-loop delay since the previous /health read (a 10 ms timer: cheap enough to leave on).
  // The histogram records whole timer intervals, so the delay is the excess over the resolution.
  const loopResolutionMs = 10;
  const loopDelay = monitorEventLoopDelay({ resolution: loopResolutionMs });
  loopDelay.enable();
  let loopWindowStart = Date.now();
  const readLoopDelay = () => {
    const ms = (ns: number) => (loopDelay.count === 0 ? 0 : Math.max(0, Math.round((ns / 1e6 - loopResolutionMs) * 100) / 100));
    const window = { windowMs: Date.now() - loopWindowStart, delayP50Ms: ms(loopDelay.percentile(50)), delayP99Ms: ms(loopDelay.percentile(99)), delayMaxMs: ms(loopDelay.max) };
    loopDelay.reset();
    loopWindowStart = Date.now();
    return window;
  };

  // the proxy routes, served from Node's request listener before Hono (see withProxyFastPath)
  const nodeRoutes: NodeProxyRoutes = new Map();
  const app = createApp({
    router,
    version,
    nodeRoutes,
    maxBodyBytes: env.MAX_BODY_BYTES,
    bodyDrain: { maxBytes: env.MAX_BODY_DRAIN_BYTES, maxMs: env.MAX_BODY_DRAIN_MS },
    logger,
    auth: { adminApiKey: env.ADMIN_API_KEY, clientApiKeys: parseApiKeys(env.ROUTER_API_KEYS), allowedHosts: (env.ALLOWED_HOSTS ?? '').split(',').map((host) => host.trim()).filter(Boolean), clientKeys: () => configSource.current().clientKeys, onClientKeyRejected: metrics.keyRejected },
    management: { keyUsage: (read) => keyUsage.live(read), store, configSource, transport: upstream.transport, closeOrigin: upstream.closeOrigin, logger, logStats: () => ({ ...logWriter.stats() }), tail: { broadcast: tail, keepAliveMs: env.SSE_KEEPALIVE_MS || undefined } },
    metrics,
    tracing: tracing !== undefined,
    health: () => ({ configRevision: configSource.current().revision, log: logWriter.stats(), eventLoop: readLoopDelay(), inFlight: router.inFlight(), circuits: router.circuits(), memory: memoryMib(), tail: { viewers: tail.viewers(), dropped: tail.dropped() } }),
  });

  let server: Server;
  try {
    server = await new Promise<Server>((resolve, reject) => {
      const createServer = (options: ServerOptions, listener: RequestListener) => createHttpServer(options, withProxyFastPath(listener, nodeRoutes));
      const created = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST, createServer: createServer as never }, () => {
        created.off('error', reject);
        resolve(created as Server);
      }) as Server;
      created.once('error', reject);
    });
  } catch (error) {
    // Nothing was served: release what was opened, then report why.
    clearInterval(modelsTimer);
    if (localModelsTimer) clearInterval(localModelsTimer);
    loopDelay.disable();
    configSource.stop();
    await logWriter.close().catch(() => undefined);
    await keyUsage.close().catch(() => undefined);
    await upstream.close().catch(() => undefined);
    await store.close();
    throw describeListenError(error, env.HOST, env.PORT);
  }
  server.keepAliveTimeout = 65_000;
  const port = (server.address() as AddressInfo).port;
  const host = env.HOST === '0.0.0.0' || env.HOST === '::' ? '127.0.0.1' : env.HOST;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info('router listening', { url, database: displayDatabaseUrl(store.url), instance: instanceId, version });

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      clearInterval(modelsTimer);
      if (localModelsTimer) clearInterval(localModelsTimer);
      clearInterval(pruneTimer);
      loopDelay.disable();
      configSource.stop();
      // Live tails end now with an `end` event: a viewer is not a request in flight and must not hold the drain.
      tail.close();
      // Stop accepting; idle keep-alive connections close now, the others once their response is done.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections?.();
      // Requests in flight get the grace period; then streams end with a `server_shutting_down` error event.
      const inFlight = router.inFlight();
      if (inFlight > 0) logger.info('waiting for requests in flight', { inFlight, graceMs: env.SHUTDOWN_GRACE_MS });
      await router.drain(env.SHUTDOWN_GRACE_MS);
      server.closeIdleConnections?.();
      const forceTimer = setTimeout(() => server.closeAllConnections?.(), 1_000);
      forceTimer.unref();
      await closed;
      clearTimeout(forceTimer);
      // Every row queued so far is written before the database closes (a pruning pass stops at its next batch).
      await logWriter.close();
      // the last rows' usage came back with their writes: store it with the rest
      await keyUsage.close();
      await tracing?.shutdown().catch(() => undefined);
      await pruning;
      await upstream.close().catch(() => undefined);
      // checkpointed on close: the .db file alone holds every row once the server has stopped
      await store.close();
    })());

  return { url, port, server, store, router, configSource, logWriter, tail, logger, close };
}
