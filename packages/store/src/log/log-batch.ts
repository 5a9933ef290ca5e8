/**
 * The wire format between the main thread and the log worker. A batch is the records
 * without their response bytes, plus every response's bytes packed into one buffer that
 * is transferred (moved, not cloned) to the worker: one copy on the main thread, none after.
 */
import type { RequestLogRecord } from '@router/core';

/** Where one record's response bytes sit in the batch buffer. */
export type PackedResponse = { kind: 'json' | 'sse'; offset: number; length: number } | { kind: 'none' };

/** A record as posted: everything but the bytes, which are in the batch buffer. */
export type PackedRecord = Omit<RequestLogRecord, 'response'> & { response: PackedResponse };

/** Main thread → worker. */
export type ToLogWorker =
  | { type: 'batch'; records: PackedRecord[]; bytes: ArrayBuffer }
  | { type: 'secrets'; secrets: string[] }
  | { type: 'flush'; id: number }
  | { type: 'close' };

/** Worker → main thread. */
export type FromLogWorker =
  | { type: 'written'; count: number }
  | { type: 'dropped'; count: number }
  | { type: 'failed'; message: string }
  | { type: 'flushed'; id: number }
  | { type: 'closed' };

/** What the worker is started with. */
export interface LogWorkerData {
  /** Database URL (a file or a remote libsql URL). */
  url: string;
  /** Redaction patterns (RegExp survives structured cloning). */
  patterns?: readonly RegExp[];
  /** Wait between attempts at a failed insert, ms. */
  retryDelayMs: number;
}

function byteLength(record: RequestLogRecord): number {
  const response = record.response;
  if (response.kind === 'json') return response.bytes.byteLength;
  if (response.kind === 'sse') {
    let length = 0;
    for (const chunk of response.chunks) length += chunk.byteLength;
    return length;
  }
  return 0;
}

/** Packs records for posting; transfer `bytes` with the message. */
export function packBatch(records: readonly RequestLogRecord[]): { records: PackedRecord[]; bytes: ArrayBuffer } {
  let total = 0;
  for (const record of records) total += byteLength(record);
  const buffer = new Uint8Array(total);
  let offset = 0;
  const packed = records.map((record): PackedRecord => {
    const { response, ...rest } = record;
    if (response.kind === 'none') return { ...rest, response };
    const start = offset;
    if (response.kind === 'json') {
      buffer.set(response.bytes, offset);
      offset += response.bytes.byteLength;
    } else {
      for (const chunk of response.chunks) {
        buffer.set(chunk, offset);
        offset += chunk.byteLength;
      }
    }
    return { ...rest, response: { kind: response.kind, offset: start, length: offset - start } };
  });
  return { records: packed, bytes: buffer.buffer };
}

/** Turns a posted batch back into records (responses are views into the one buffer). */
export function unpackBatch(batch: { records: PackedRecord[]; bytes: ArrayBuffer }): RequestLogRecord[] {
  return batch.records.map((record): RequestLogRecord => {
    const { response, ...rest } = record;
    if (response.kind === 'none') return { ...rest, response };
    const bytes = new Uint8Array(batch.bytes, response.offset, response.length);
    // An SSE body as one chunk: the summariser's parser is streaming, chunk edges do not matter.
    return { ...rest, response: response.kind === 'json' ? { kind: 'json', bytes } : { kind: 'sse', chunks: [bytes] } };
  });
}
