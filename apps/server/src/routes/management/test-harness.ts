/**
 * Builds the real app for route tests: a `:memory:` store, the store-backed
 * config source, the undici transport, the engine and the log writer, wired as
 * `startServer` wires them. Requests go through `app.request()`.
 */
import { afterEach, beforeEach } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '@router/testkit';
import { createRouter, type Router, type RouterOptions } from '@router/core';
import { createLogWriter, createStoreConfigSource, openStore, type LogWriter, type Store, type StoreConfigSource } from '@router/store';
import { createApp } from '../../app.js';
import type { AuthOptions } from '../../auth/register-auth.js';
import { createUndiciTransport, type UndiciTransport } from '../../node/undici-transport.js';
import { createRedactor } from '../../redact.js';
import { broadcastingSink, createRequestBroadcast, type RequestBroadcast } from '../../live/request-broadcast.js';

/** A running test app. */
export interface TestApp {
  app: ReturnType<typeof createApp>;
  store: Store;
  configSource: StoreConfigSource;
  logWriter: LogWriter;
  upstream: UndiciTransport;
  router: Router;
  /** The live tail's broadcast, fed by the engine's log sink as in the server. */
  tail: RequestBroadcast;
  /** Sends a request; JSON bodies are serialised; answers with status, parsed JSON and raw text. */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; json: any; text: string; headers: Headers }>;
  close(): Promise<void>;
}

/** Creates a test app; by default every request comes from 127.0.0.1 and no keys are set. */
export async function createTestApp(auth: AuthOptions = { remoteAddress: () => '127.0.0.1' }, options: { tailQueueLimit?: number; tailKeepAliveMs?: number; clock?: () => number; router?: Pick<RouterOptions, 'shadow' | 'random'> } = {}): Promise<TestApp> {
  const store = await openStore({ url: ':memory:' });
  // a long poll interval: the routes' own refresh must be what makes changes visible
  const configSource = createStoreConfigSource(store, { intervalMs: 60_000 });
  await configSource.start();
  const logWriter = createLogWriter({ logs: store.logs, redact: () => createRedactor(configSource.current()), prices: () => configSource.current().prices, flushIntervalMs: 10 });
  const upstream = createUndiciTransport();
  const tail = createRequestBroadcast({ queueLimit: options.tailQueueLimit });
  const router = createRouter({ config: configSource, transport: upstream.transport, logSink: broadcastingSink(logWriter, tail), ...options.router });
  const app = createApp({
    router, version: 'test', auth,
    management: { store, configSource, transport: upstream.transport, closeOrigin: upstream.closeOrigin, probeTimeoutMs: 2_000, healthTimeoutMs: 1_000, logStats: () => ({ ...logWriter.stats() }), tail: { broadcast: tail, keepAliveMs: options.tailKeepAliveMs }, clock: options.clock },
  });
  return {
    app, store, configSource, logWriter, upstream, router, tail,
    async call(method, path, body, headers = {}) {
      // writes say JSON unless the test sets its own content type (management refuses anything else)
      const ownType = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
      const sendsJson = !ownType && (body !== undefined || ['POST', 'PUT', 'PATCH'].includes(method));
      const init: RequestInit = { method, headers: sendsJson ? { ...headers, 'content-type': 'application/json' } : { ...headers } };
      if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
      const response = await app.request(path, init);
      // headers first: once another test file's `serve()` has swapped in @hono/node-server's
      // lightweight Response, reading the body rebuilds the headers from the response's init,
      // without what a middleware set on them afterwards (as `x-request-id` is)
      const responseHeaders = response.headers;
      const text = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.status, json, text, headers: responseHeaders };
    },
    async close() {
      tail.close();
      configSource.stop();
      await logWriter.close();
      await upstream.close();
      store.close();
    },
  };
}

/** Starts a fresh test app and a fake upstream (listing model `m`) around each test; read them through the getters. */
export function useAppWithUpstream(): { readonly app: TestApp; readonly upstream: FakeUpstream } {
  let app: TestApp;
  let upstream: FakeUpstream;
  beforeEach(async () => {
    app = await createTestApp();
    upstream = await startFakeUpstream({ models: ['m'] });
  });
  afterEach(async () => {
    await app.close();
    await upstream.close();
  });
  return {
    get app() {
      return app;
    },
    get upstream() {
      return upstream;
    },
  };
}
