/** Reads a Node request body as text with a byte limit, failing fast on `content-length` and mid-upload. */
import type { IncomingMessage } from 'node:http';
import { ClientClosedError, RouterError } from '@router/core';

/** 413: the body is over the limit. */
export class PayloadTooLargeError extends RouterError {
  constructor(limit: number) {
    super(`The request body is larger than the limit of ${limit} bytes (MAX_BODY_BYTES).`, { status: 413, type: 'invalid_request_error', code: 'payload_too_large' });
  }
}

/**
 * Reads the body; rejects with `PayloadTooLargeError` as soon as it is known to be
 * too large (declared length, or the first byte past the limit) without reading
 * the rest: the caller answers 413 with `connection: close` and the socket is
 * dropped. Rejects with `ClientClosedError` when the client leaves mid-upload.
 */
export function readBody(incoming: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(incoming.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    incoming.pause();
    return Promise.reject(new PayloadTooLargeError(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const cleanup = () => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
      incoming.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      length += chunk.length;
      if (length > limit) {
        cleanup();
        incoming.pause();
        reject(new PayloadTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks, length).toString('utf8'));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(incoming.complete ? error : new ClientClosedError());
    };
    const onClose = () => {
      if (incoming.complete) return;
      cleanup();
      reject(new ClientClosedError());
    };
    incoming.on('data', onData);
    incoming.once('end', onEnd);
    incoming.once('error', onError);
    incoming.once('close', onClose);
  });
}
