import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sendNodeResponse } from './send-response.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

describe('sendNodeResponse', () => {
  it('cuts the connection when a body fails midway, so the client never takes a cut body for a whole one', async () => {
    server = createServer((_incoming, outgoing) => {
      void sendNodeResponse(outgoing, {
        status: 200,
        headers: { 'content-type': 'application/json' },
        requestId: 'r',
        body: (async function* () {
          yield new TextEncoder().encode('{"partial":');
          throw new Error('upstream went away');
        })(),
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const outcome = await new Promise<string>((resolve) => {
      const call = request({ host: '127.0.0.1', port, path: '/' }, (response) => {
        let text = '';
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => resolve(`complete: ${text}`));
        response.on('error', () => resolve(`cut after: ${text}`));
        response.on('aborted', () => resolve(`cut after: ${text}`));
      });
      call.on('error', (error) => resolve(`error: ${error.message}`));
      call.end();
    });
    expect(outcome).not.toMatch(/^complete/);
  });

  it('lets go of a stream whose next chunk comes after the client has gone, instead of waiting for a drain that never comes', async () => {
    let released!: () => void;
    const done = new Promise<void>((resolve) => (released = resolve));
    let sent!: Promise<void>;
    let leave!: () => void;
    const left = new Promise<void>((resolve) => (leave = resolve));
    server = createServer((_incoming, outgoing) => {
      const body: AsyncIterableIterator<Uint8Array> = {
        [Symbol.asyncIterator]: () => body,
        calls: 0,
        async next() {
          // the first chunk at once; the next one (a translation's last event, say) only once the client is gone
          if ((body as unknown as { calls: number }).calls++ === 0) return { done: false, value: new TextEncoder().encode('data: {"a":1}\n\n') };
          await left;
          await new Promise((resolve) => outgoing.once('close', resolve).destroyed && resolve(undefined));
          return { done: false, value: new Uint8Array(64 * 1024 * 1024) };
        },
        async return() {
          released();
          return { done: true, value: undefined };
        },
      } as AsyncIterableIterator<Uint8Array>;
      sent = sendNodeResponse(outgoing, { status: 200, headers: { 'content-type': 'text/event-stream' }, requestId: 'r', body });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => {
      const call = request({ host: '127.0.0.1', port, path: '/' }, (response) => {
        response.once('data', () => {
          call.destroy();
          leave();
          resolve();
        });
      });
      call.on('error', () => undefined);
      call.end();
    });
    // the body is released (the engine logs the request then) and the send is over
    await done;
    await sent;
  });
});
