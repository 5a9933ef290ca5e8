/**
 * A fake OpenAI-compatible upstream on 127.0.0.1. Each test scripts its answers;
 * streams are written frame by frame exactly as given (real SSE framing).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake upstream answers. */
export type Reply =
  | { kind: 'json'; status?: number; body: string; headers?: Record<string, string> }
  | { kind: 'sse'; frames: string[]; delayMs?: number; headers?: Record<string, string>; /** destroy the socket after N frames */ resetAfter?: number; /** stop writing after N frames (stall) */ stallAfter?: number; /** after N frames, wait for `until` before writing the rest */ pause?: { after: number; until: Promise<unknown> } }
  | { kind: 'hang' }
  | { kind: 'destroy' };

/** One request the upstream saw. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  json: any;
  /** Resolves true if the client aborted before the response finished. */
  aborted: Promise<boolean>;
  abortedAt?: number;
}

/** A running fake upstream. */
export interface FakeUpstream {
  url: string;
  /** Base URL including `/v1`. */
  baseURL: string;
  requests: SeenRequest[];
  /** Replaces the chat handler. */
  onChat(handler: (request: SeenRequest) => Reply | Promise<Reply>): void;
  /** The model list `GET /v1/models` returns. */
  models: string[];
  close(): Promise<void>;
}

/** Starts the fake upstream on a free port. */
export async function startFakeUpstream(options: { chat?: (request: SeenRequest) => Reply | Promise<Reply>; models?: string[] } = {}): Promise<FakeUpstream> {
  let chat = options.chat ?? (() => ({ kind: 'json', body: JSON.stringify({ id: 'x', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }] }) }) as Reply);
  const requests: SeenRequest[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const upstream: FakeUpstream = {
    url: '',
    baseURL: '',
    requests,
    models: options.models ?? ['fake-model'],
    onChat(handler) {
      chat = handler;
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };

  const server: Server = createServer(async (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    let resolveAborted!: (value: boolean) => void;
    const seen: SeenRequest = {
      method: incoming.method ?? 'GET', url: incoming.url ?? '/', headers: incoming.headers, body,
      json: (() => { try { return JSON.parse(body); } catch { return undefined; } })(),
      aborted: new Promise((resolve) => (resolveAborted = resolve)),
    };
    outgoing.on('close', () => {
      const aborted = !outgoing.writableFinished;
      if (aborted) seen.abortedAt = Date.now();
      resolveAborted(aborted);
    });
    if (seen.method === 'GET' && seen.url.endsWith('/models')) {
      outgoing.writeHead(200, { 'content-type': 'application/json' });
      outgoing.end(JSON.stringify({ object: 'list', data: upstream.models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'fake' })) }));
      return;
    }
    requests.push(seen);
    const reply = await chat(seen);
    if (reply.kind === 'hang') return;
    if (reply.kind === 'destroy') {
      outgoing.socket?.destroy();
      return;
    }
    if (reply.kind === 'json') {
      outgoing.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
      outgoing.end(reply.body);
      return;
    }
    outgoing.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...reply.headers });
    for (let index = 0; index < reply.frames.length; index++) {
      if (outgoing.destroyed) return;
      if (reply.resetAfter !== undefined && index === reply.resetAfter) {
        outgoing.socket?.destroy();
        return;
      }
      if (reply.stallAfter !== undefined && index === reply.stallAfter) return;
      if (reply.pause && index === reply.pause.after) await reply.pause.until;
      outgoing.write(reply.frames[index]);
      if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    }
    outgoing.end();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  upstream.url = `http://127.0.0.1:${port}`;
  upstream.baseURL = `${upstream.url}/v1`;
  return upstream;
}
