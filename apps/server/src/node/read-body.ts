/** Reads a Node request body as text with a byte limit, failing fast on `content-length`. */
import type { IncomingMessage } from 'node:http';
import { RouterError } from '@router/core';

/** 413: the body is over the limit. */
export class PayloadTooLargeError extends RouterError {
  constructor(limit: number) {
    super(`The request body is larger than the limit of ${limit} bytes (MAX_BODY_BYTES).`, { status: 413, type: 'invalid_request_error', code: 'payload_too_large' });
  }
}

/** Reads the body; rejects with `PayloadTooLargeError` before reading it whole when it is too large. */
export function readBody(incoming: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(incoming.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    incoming.resume();
    return Promise.reject(new PayloadTooLargeError(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const onData = (chunk: Buffer) => {
      length += chunk.length;
      if (length > limit) {
        incoming.off('data', onData);
        incoming.resume();
        reject(new PayloadTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    };
    incoming.on('data', onData);
    incoming.once('end', () => resolve(chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks, length).toString('utf8')));
    incoming.once('error', reject);
  });
}
