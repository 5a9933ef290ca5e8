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
});
