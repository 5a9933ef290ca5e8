/**
 * Writes the engine's answer straight to the Node socket: one `end()` for a
 * whole body; for a stream, each chunk as it arrives with backpressure, and the
 * upstream cancelled as soon as the client goes away.
 */
import type { ServerResponse } from 'node:http';
import type { RouterResponse } from '@router/core';

function waitForDrain(outgoing: ServerResponse): Promise<void> {
  // a socket already gone emits neither event again
  if (outgoing.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      outgoing.off('drain', done);
      outgoing.off('close', done);
      resolve();
    };
    outgoing.once('drain', done);
    outgoing.once('close', done);
  });
}

/** Sends the response; resolves when it is finished or abandoned. */
export async function sendNodeResponse(outgoing: ServerResponse, result: RouterResponse): Promise<void> {
  if (outgoing.destroyed) {
    // The client is already gone (the engine saw it too): release a stream without writing.
    if (!(result.body instanceof Uint8Array)) await result.body[Symbol.asyncIterator]().return?.(undefined).catch(() => undefined);
    return;
  }
  if (result.body instanceof Uint8Array) {
    result.headers['content-length'] = String(result.body.byteLength);
    outgoing.writeHead(result.status, result.headers);
    outgoing.end(result.body);
    return;
  }
  outgoing.writeHead(result.status, result.headers);
  const iterator = result.body[Symbol.asyncIterator]();
  let finished = false;
  try {
    while (!outgoing.destroyed) {
      const next = await iterator.next();
      if (next.done) {
        finished = true;
        break;
      }
      // the client left while the chunk was on its way: nobody to write it to (the finally lets the body go)
      if (outgoing.destroyed) break;
      if (!outgoing.write(next.value)) await waitForDrain(outgoing);
    }
  } catch {
    // A body that cannot be finished (an upstream failure midway through a passed-through JSON
    // body; the engine has logged it): cut the connection, so the client sees an incomplete answer.
    finished = true;
    outgoing.destroy();
  } finally {
    if (!finished) await iterator.return?.(undefined).catch(() => undefined);
    if (!outgoing.destroyed) outgoing.end();
  }
}
