/**
 * What the engine keeps of a response for the log: its first `headBytes` and its last
 * `tailBytes`, never more, however large the response; the bytes between them are counted and
 * let go. Chunks are kept whole as they were sent (whole events, for a stream), so the head ends
 * and the tail starts at a chunk boundary; only a chunk larger than a whole bound is cut, and
 * that part is copied, so nothing larger stays referenced.
 */

import { concatBytes } from '../sse/bytes.js';
import type { RawResponse } from '../spec/log.js';

/** How much of a response the log keeps. */
export interface CaptureLimits {
  /** Bytes kept from the start (default 1 MiB). */
  headBytes: number;
  /** Bytes kept from the end (default 256 KiB): a stream's usage and finish reason are in its last events. */
  tailBytes: number;
}

/** The defaults. */
export const DEFAULT_CAPTURE_LIMITS: Readonly<CaptureLimits> = Object.freeze({ headBytes: 1 << 20, tailBytes: 256 << 10 });

/** What was kept. */
export interface Captured {
  /** The head; everything, when not truncated. */
  chunks: Uint8Array[];
  /** The tail, when truncated. */
  tail?: Uint8Array[];
  /** Every byte seen. */
  bytes: number;
  /** Bytes between head and tail were not kept. */
  truncated: boolean;
}

/** Keeps a bounded head and tail of the chunks it is given. */
export class ResponseCapture {
  private readonly head: Uint8Array[] = [];
  private headBytes = 0;
  private headFull = false;
  private tail: Uint8Array[] = [];
  private tailFirst = 0;
  private tailBytes = 0;
  private total = 0;
  private dropped = false;

  constructor(private readonly limits: Readonly<CaptureLimits> = DEFAULT_CAPTURE_LIMITS) {}

  /** Takes the next chunk sent. */
  add(chunk: Uint8Array): void {
    const length = chunk.byteLength;
    this.total += length;
    if (!this.headFull) {
      if (this.headBytes + length <= this.limits.headBytes) {
        this.head.push(chunk);
        this.headBytes += length;
        return;
      }
      this.headFull = true;
      if (this.head.length === 0 && this.limits.headBytes > 0) {
        // One chunk larger than the whole head: keep its start, the rest goes on to the tail.
        this.head.push(chunk.slice(0, this.limits.headBytes));
        this.headBytes = this.limits.headBytes;
        chunk = chunk.subarray(this.limits.headBytes);
      }
    }
    this.addToTail(chunk);
  }

  private addToTail(chunk: Uint8Array): void {
    const limit = this.limits.tailBytes;
    this.tail.push(chunk);
    this.tailBytes += chunk.byteLength;
    while (this.tailBytes > limit) {
      this.dropped = true;
      const oldest = this.tail[this.tailFirst];
      if (this.tailFirst < this.tail.length - 1) {
        // Whole chunks go, oldest first, so the tail starts where a chunk (an event, for a stream) starts.
        this.tail[this.tailFirst++] = EMPTY;
        this.tailBytes -= oldest.byteLength;
      } else {
        // One chunk larger than the whole tail: keep a copy of its end, so the chunk itself can be let go.
        this.tail[this.tailFirst] = oldest.slice(oldest.byteLength - limit);
        this.tailBytes = limit;
      }
    }
    if (this.tailFirst > 64 && this.tailFirst * 2 > this.tail.length) {
      this.tail = this.tail.slice(this.tailFirst);
      this.tailFirst = 0;
    }
  }

  /** What was kept so far. */
  result(): Captured {
    const tail = this.tailFirst === 0 ? this.tail : this.tail.slice(this.tailFirst);
    if (!this.dropped) return { chunks: tail.length ? [...this.head, ...tail] : this.head, bytes: this.total, truncated: false };
    return { chunks: this.head, tail, bytes: this.total, truncated: true };
  }
}

const EMPTY = new Uint8Array(0);

/** A JSON body kept for the log, as the log record carries it: its head, and its tail when it was cut. */
export function jsonResponse(kept: Pick<Captured, 'chunks' | 'tail'>): RawResponse {
  return kept.tail ? { kind: 'json', bytes: concatBytes(kept.chunks), tail: concatBytes(kept.tail) } : { kind: 'json', bytes: concatBytes(kept.chunks) };
}
