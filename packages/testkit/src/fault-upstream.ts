/**
 * A fault-injecting OpenAI-compatible upstream on 127.0.0.1. Each test scripts
 * what the next requests get: a status and body (with `Retry-After`), a hang
 * before headers, a reset, a stream of N chunks that then ends, resets,
 * stalls or turns to garbage, or a slow steady stream. It records every request
 * and whether (and when) the client went away before the answer was complete.
 * `refusedURL()` gives a base URL on a closed port (connection refused).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What one request gets. */
export type Fault =
  /** A JSON answer (any status), optionally after `delayMs`. */
  | { kind: 'json'; status?: number; body?: string; headers?: Record<string, string>; delayMs?: number }
  /** Accepts the request and never answers (time-to-first-byte timeouts). */
  | { kind: 'hang' }
  /** Resets the connection before any header. */
  | { kind: 'reset' }
  /**
   * An SSE stream: `frames` written `intervalMs` apart (a slow steady stream when set);
   * after the last frame the stream ends (`end`, default), is reset, stalls forever,
   * or sends `garbage` and ends.
   */
  | { kind: 'sse'; frames: string[]; intervalMs?: number; then?: 'end' | 'reset' | 'stall' | { garbage: string }; headers?: Record<string, string>; firstByteDelayMs?: number };

/** One request the upstream saw. */
export interface FaultRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  json: any;
  /** Epoch ms when the request arrived. */
  receivedAt: number;
  /** The fault it got. */
  fault: Fault;
  /** Resolves when the exchange is over: true if the client went away before the answer was complete. */
  aborted: Promise<boolean>;
  /** Epoch ms when the client went away, if it did. */
  abortedAt?: number;
}

/** A running fault upstream. */
export interface FaultUpstream {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Base URL including `/v1`. */
  baseURL: string;
  /** Chat requests seen, in order. */
  requests: FaultRequest[];
  /** Queues faults for the next chat requests, one each, in order. */
  script(...faults: Fault[]): void;
  /** What requests get once the script is used up (default: `okJson()`). */
  otherwise(fault: Fault | ((request: FaultRequest) => Fault)): void;
  /** Clears the script, the fallback and the request list. */
  reset(): void;
  close(): Promise<void>;
}

/** A non-streaming completion body saying `text`. */
export function completionJson(text = 'ok', model = 'fault-model'): string {
  return JSON.stringify({
    id: 'chatcmpl-fault', object: 'chat.completion', created: 1, model,
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  });
}

/** SSE frames that stream `pieces` as content deltas; `done` adds the final chunk and `[DONE]`. */
export function chunkFrames(pieces: readonly string[], done = true): string[] {
  const frame = (delta: object, finish: string | null = null) =>
    `data: ${JSON.stringify({ id: 'chatcmpl-fault', object: 'chat.completion.chunk', created: 1, model: 'fault-model', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  const frames = pieces.map((piece, index) => frame(index === 0 ? { role: 'assistant', content: piece } : { content: piece }));
  if (done) frames.push(frame({}, 'stop'), 'data: [DONE]\n\n');
  return frames;
}

/** A JSON fault answering 200 with a completion saying `text`. */
export function okJson(text = 'ok'): Fault {
  return { kind: 'json', body: completionJson(text) };
}

/** An OpenAI-shaped error fault. */
export function errorJson(status: number, message = `upstream said ${status}`, headers?: Record<string, string>): Fault {
  return { kind: 'json', status, headers, body: JSON.stringify({ error: { message, type: status >= 500 ? 'server_error' : 'invalid_request_error', param: null, code: null } }) };
}

/** A base URL on 127.0.0.1 where nothing listens (connection refused). */
export async function refusedURL(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the fault upstream on a free port. */
export async function startFaultUpstream(): Promise<FaultUpstream> {
  let queue: Fault[] = [];
  let fallback: Fault | ((request: FaultRequest) => Fault) = okJson();
  const requests: FaultRequest[] = [];
  const sockets = new Set<Socket>();

  async function answer(seen: FaultRequest, outgoing: ServerResponse): Promise<void> {
    const fault = seen.fault;
    const gone = () => outgoing.destroyed || outgoing.socket === null;
    switch (fault.kind) {
      case 'hang':
        return;
      case 'reset':
        outgoing.socket?.resetAndDestroy?.() ?? outgoing.socket?.destroy();
        return;
      case 'json':
        if (fault.delayMs) await sleep(fault.delayMs);
        if (gone()) return;
        outgoing.writeHead(fault.status ?? 200, { 'content-type': 'application/json', ...fault.headers });
        outgoing.end(fault.body ?? completionJson());
        return;
      case 'sse': {
        if (fault.firstByteDelayMs) await sleep(fault.firstByteDelayMs);
        if (gone()) return;
        outgoing.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...fault.headers });
        outgoing.flushHeaders();
        for (let index = 0; index < fault.frames.length; index++) {
          if (index > 0 && fault.intervalMs) await sleep(fault.intervalMs);
          if (gone()) return;
          outgoing.write(fault.frames[index]);
        }
        const then = fault.then ?? 'end';
        if (then === 'stall') return;
        if (then === 'reset') {
          // let the frames leave before the reset
          await sleep(20);
          outgoing.socket?.resetAndDestroy?.() ?? outgoing.socket?.destroy();
          return;
        }
        if (typeof then === 'object') outgoing.write(then.garbage);
        outgoing.end();
      }
    }
  }

  const server: Server = createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    if (incoming.method === 'GET' && incoming.url?.endsWith('/models')) {
      outgoing.writeHead(200, { 'content-type': 'application/json' });
      outgoing.end(JSON.stringify({ object: 'list', data: [{ id: 'fault-model', object: 'model', created: 0, owned_by: 'fault' }] }));
      return;
    }
    let resolveAborted!: (value: boolean) => void;
    const seen: FaultRequest = {
      method: incoming.method ?? 'GET', url: incoming.url ?? '/', headers: incoming.headers, body,
      json: (() => {
        try {
          return JSON.parse(body);
        } catch {
          return undefined;
        }
      })(),
      receivedAt: Date.now(),
      fault: { kind: 'hang' },
      aborted: new Promise((resolve) => (resolveAborted = resolve)),
    };
    outgoing.once('close', () => {
      const aborted = !outgoing.writableFinished;
      if (aborted) seen.abortedAt = Date.now();
      resolveAborted(aborted);
    });
    seen.fault = queue.shift() ?? (typeof fallback === 'function' ? fallback(seen) : fallback);
    requests.push(seen);
    await answer(seen, outgoing);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    baseURL: `${url}/v1`,
    requests,
    script: (...faults) => {
      queue.push(...faults);
    },
    otherwise: (fault) => {
      fallback = fault;
    },
    reset: () => {
      queue = [];
      fallback = okJson();
      requests.length = 0;
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
