import { once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { LookupAddress, LookupAllOptions } from 'node:dns';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Cancellation } from '@router/core';
import { createUndiciTransport, type UndiciTransport } from './undici-transport.js';
import { parseRawHeaders } from './dispatch-exchange.js';

let server: Server | undefined;
let upstream: UndiciTransport | undefined;

afterEach(async () => {
  await upstream?.close();
  upstream = undefined;
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

async function serve(handler: (response: ServerResponse, body: string) => void): Promise<string> {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => handler(response, body));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  upstream = createUndiciTransport();
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function collect(body: AsyncIterable<Uint8Array>): Promise<string> {
  let text = '';
  for await (const chunk of body) text += Buffer.from(chunk).toString();
  return text;
}

describe('createUndiciTransport', () => {
  it('sends the request and hands back status, lower-case headers (repeats joined in an array) and the body', async () => {
    const base = await serve((response, body) => {
      response.setHeader('X-Echo', 'yes');
      response.setHeader('Set-Cookie', ['a=1', 'b=2']);
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ got: body }));
    });
    const answer = await upstream!.transport({ url: `${base}/v1/chat?x=1`, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(answer.status).toBe(201);
    expect(answer.headers['x-echo']).toBe('yes');
    expect(answer.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(JSON.parse(await collect(answer.body))).toEqual({ got: '{"a":1}' });
  });

  it('holds a fast upstream back until the consumer reads, and loses no byte', async () => {
    // Far more than loopback socket buffers hold. That the exchange pauses the socket past its
    // high-water mark is proven in dispatch-exchange.test.ts; here, end to end: once the upstream
    // is stalled (its write refused, nobody reading), it has not finished, and reading then gets
    // every byte.
    const piece = 'x'.repeat(64 * 1024);
    const pieces = 512;
    let ended = false;
    let stalled!: () => void;
    const upstreamStalled = new Promise<void>((resolve) => (stalled = resolve));
    const base = await serve((response) => {
      response.writeHead(200);
      let sent = 0;
      const pump = () => {
        while (sent < pieces) {
          sent++;
          if (!response.write(piece)) {
            stalled();
            return void response.once('drain', pump);
          }
        }
        response.end(() => (ended = true));
      };
      pump();
    });
    const answer = await upstream!.transport({ url: `${base}/big`, method: 'GET', headers: {} });
    const iterator = answer.body[Symbol.asyncIterator]();
    await upstreamStalled;
    expect(ended).toBe(false);
    let length = 0;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) length += next.value.byteLength;
    expect(length).toBe(pieces * piece.length);
    expect(ended).toBe(true);
  });

  it('aborts the upstream when the request’s Cancellation fires (the server’s path, no AbortSignal made)', async () => {
    let closed: () => void;
    const upstreamClosed = new Promise<void>((resolve) => (closed = resolve));
    const base = await serve((response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: 1\n\n');
      response.on('close', () => closed());
    });
    const cancellation = new Cancellation();
    const answer = await upstream!.transport({ url: `${base}/sse`, method: 'POST', headers: {}, body: '{}', cancellation });
    const iterator = answer.body[Symbol.asyncIterator]();
    await iterator.next();
    const pending = iterator.next();
    cancellation.abort(new Error('client left'));
    await expect(pending).rejects.toThrow('client left');
    await upstreamClosed;
  });

  it('aborts the upstream when the signal fires mid-body, and the body then rejects', async () => {
    let closed: () => void;
    const upstreamClosed = new Promise<void>((resolve) => (closed = resolve));
    const base = await serve((response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: 1\n\n');
      response.on('close', () => closed());
    });
    const controller = new AbortController();
    const answer = await upstream!.transport({ url: `${base}/sse`, method: 'POST', headers: {}, body: '{}', signal: controller.signal });
    const iterator = answer.body[Symbol.asyncIterator]();
    expect(Buffer.from((await iterator.next()).value!).toString()).toBe('data: 1\n\n');
    const pending = iterator.next();
    controller.abort(new Error('client left'));
    await expect(pending).rejects.toThrow('client left');
    await upstreamClosed;
  });

  it('rejects at once for a signal aborted before the request starts', async () => {
    const base = await serve((response) => response.end('never'));
    const controller = new AbortController();
    controller.abort(new Error('gone already'));
    await expect(upstream!.transport({ url: `${base}/`, method: 'GET', headers: {}, signal: controller.signal })).rejects.toThrow('gone already');
  });

  it('releases the upstream when the consumer stops reading early (return)', async () => {
    let closed: () => void;
    const upstreamClosed = new Promise<void>((resolve) => (closed = resolve));
    const base = await serve((response) => {
      response.writeHead(200);
      response.write('first');
      response.on('close', () => closed());
    });
    const answer = await upstream!.transport({ url: `${base}/`, method: 'GET', headers: {} });
    const iterator = answer.body[Symbol.asyncIterator]();
    await iterator.next();
    await iterator.return!();
    await upstreamClosed;
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  it('opens at most `connections` sockets to one origin; a request beyond them waits for a free one', async () => {
    const held: ServerResponse[] = [];
    let sockets = 0;
    let arrived: () => void = () => undefined;
    const base = await serve((response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: {}\n\n');
      held.push(response);
      arrived();
    });
    server!.on('connection', () => sockets++);
    await upstream!.close();
    upstream = createUndiciTransport({ connections: 2 });
    const stream = () => upstream!.transport({ url: `${base}/sse`, method: 'POST', headers: {}, body: '{}' });
    const first = await stream();
    await stream();
    const thirdArrives = new Promise<void>((resolve) => (arrived = resolve));
    const third = stream();
    // the third request is queued behind the two open streams: it reaches the upstream only when one ends
    await new Promise((resolve) => setImmediate(resolve));
    expect(held.length).toBe(2);
    held[0].end();
    for await (const _chunk of first.body) void _chunk;
    await thirdArrives;
    await third;
    expect(held.length).toBe(3);
    expect(sockets).toBe(2);
    for (const response of held) response.end();
  });

  it('serves far more than 256 concurrent streams to one origin by default (a stream holds its connection)', async () => {
    const held: ServerResponse[] = [];
    const wanted = 300;
    let all: () => void = () => undefined;
    const allArrived = new Promise<void>((resolve) => (all = resolve));
    const base = await serve((response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: {}\n\n');
      held.push(response);
      if (held.length === wanted) all();
    });
    const answers = Array.from({ length: wanted }, () => upstream!.transport({ url: `${base}/sse`, method: 'POST', headers: {}, body: '{}' }));
    await allArrived;
    expect(held.length).toBe(wanted);
    for (const response of held) response.end();
    for (const answer of await Promise.all(answers)) for await (const _chunk of answer.body) void _chunk;
  });

  it('fails with the header timeout when the upstream is silent', async () => {
    const base = await serve(() => undefined);
    await expect(upstream!.transport({ url: `${base}/`, method: 'GET', headers: {}, headersTimeoutMs: 200 })).rejects.toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT' });
  });

  it('rejects with the connection error when nothing listens', async () => {
    upstream = createUndiciTransport();
    const probe = createServer();
    probe.listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    await expect(upstream.transport({ url: `http://127.0.0.1:${port}/`, method: 'GET', headers: {} })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('createUndiciTransport: names that resolve to a metadata address', () => {
  // a resolver for the test: `model.test` is this machine, `metadata.test` the cloud metadata address
  const lookup = ((hostname: string, options: LookupAllOptions, callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => {
    const address = hostname === 'metadata.test' ? '169.254.169.254' : '127.0.0.1';
    process.nextTick(callback, null, options.all ? [{ address, family: 4 }] : address, 4);
  }) as unknown as typeof import('node:dns').lookup;

  it('connects to a name that resolves to an ordinary address', async () => {
    const base = await serve((response) => response.end('ok'));
    upstream = createUndiciTransport({ lookup });
    const answer = await upstream.transport({ url: base.replace('127.0.0.1', 'model.test'), method: 'GET', headers: {} });
    expect(await collect(answer.body)).toBe('ok');
  });

  it('refuses, before connecting, a name that resolves to a link-local or metadata address', async () => {
    upstream = createUndiciTransport({ lookup });
    await expect(upstream.transport({ url: 'http://metadata.test/latest/meta-data/', method: 'GET', headers: {} })).rejects.toThrow(/metadata\.test resolves to 169\.254\.169\.254, a link-local or cloud metadata address.*ALLOW_METADATA_ADDRESSES=1/);
  });
});

describe('parseRawHeaders', () => {
  it('lower-cases names and keeps repeated values', () => {
    expect(parseRawHeaders([Buffer.from('Content-Type'), Buffer.from('text/plain'), Buffer.from('Via'), Buffer.from('a'), Buffer.from('VIA'), Buffer.from('b')])).toEqual({
      'content-type': 'text/plain',
      via: ['a', 'b'],
    });
  });
});
