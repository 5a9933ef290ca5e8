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
 * too large (declared length, or the first byte past the limit) without keeping
 * the rest: the caller drains what is still coming (`drainBody`) and answers 413
 * with `connection: close`. Rejects with `ClientClosedError` when the client
 * leaves mid-upload.
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

/** How much of a refused upload is read and thrown away so the client can read the answer. */
export interface DrainLimits {
  /** Bytes read past the point of refusal. */
  maxBytes: number;
  /** Milliseconds. */
  maxMs: number;
}

/**
 * Reads and discards the rest of a refused upload (413, 415), within `limits`, before the answer
 * is sent, as nginx's lingering close does: a client that is still sending, as `fetch` (the
 * `openai` SDK) is, then reads the answer instead of seeing its upload cut ("Connection error")
 * and sending it all again. Resolves true when the upload ended; false when a bound was reached
 * or the client went away (the connection is then closed under it).
 */
export function drainBody(incoming: IncomingMessage, limits: DrainLimits): Promise<boolean> {
  if (incoming.complete) return Promise.resolve(true);
  if (incoming.destroyed) return Promise.resolve(false);
  const declared = Number(incoming.headers['content-length']);
  // More than the bound is coming anyway: do not wait for it.
  if (Number.isFinite(declared) && declared - incoming.socket.bytesRead > limits.maxBytes + 64 * 1024) return Promise.resolve(false);
  return new Promise((resolve) => {
    let length = 0;
    const finish = (ended: boolean) => {
      clearTimeout(timer);
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onGone);
      incoming.off('close', onGone);
      if (!ended) incoming.pause();
      resolve(ended);
    };
    const onData = (chunk: Buffer) => {
      length += chunk.length;
      if (length > limits.maxBytes) finish(false);
    };
    const onEnd = () => finish(true);
    const onGone = () => finish(incoming.complete);
    const timer = setTimeout(() => finish(false), limits.maxMs);
    timer.unref?.();
    incoming.on('data', onData);
    incoming.once('end', onEnd);
    incoming.once('error', onGone);
    incoming.once('close', onGone);
    incoming.resume();
  });
}
