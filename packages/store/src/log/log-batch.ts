/**
 * The wire format between the main thread and the log worker, built for the main thread's
 * side to be cheap. A batch is columns, not objects: every record's text fields joined into
 * one string (lengths alongside), its numbers in a Float64Array, and every response's bytes
 * packed into one buffer. The typed arrays and the buffer are transferred (moved, not cloned),
 * and the one string clones as a single copy; an array of record objects costs the structured
 * clone several times more per record, and the main thread pays for it on every request.
 */
import type { KeyedUsage, UsageTally, WrittenRow } from './usage-tally.js';
import type { LearnedRates, PricedProvider } from './request-cost.js';
import { Buffer } from 'node:buffer';
import type { ModelPrice, RequestLogRecord, ResponseState } from '@router/core';
import type { BodyStorage, RetentionPolicy } from './log-policy.js';
import type { PruneResult } from './prune-logs.js';

type KeysWhere<T, V> = { [K in keyof T]-?: T[K] extends V ? K : never }[keyof T];

/** Text fields, in order (a null is sent as length -1). */
const TEXT_FIELDS = [
  'id', 'clientRequestId', 'endpoint', 'providerId', 'model', 'upstreamModel', 'outcome', 'errorCode', 'errorMessage', 'requestBody', 'keyId',
  'pairId', 'pairRole',
] as const satisfies readonly KeysWhere<RequestLogRecord, string | null | undefined>[];

/** Text fields a record may leave out: absent when unpacked if they were absent or null. */
const OPTIONAL_TEXT_FIELDS: ReadonlySet<string> = new Set<(typeof TEXT_FIELDS)[number]>(['keyId', 'pairId', 'pairRole']);

/** Number fields, in order (a null is sent as NaN). */
const NUMBER_FIELDS = ['startedAt', 'status', 'durationMs', 'ttfbMs'] as const satisfies readonly KeysWhere<RequestLogRecord, number | null>[];

/**
 * Per record: the number fields, then `stream`, the response kind, its offset and length in
 * `bytes` (head and tail together), the tail's length (-1: no tail), `responseBytes` (NaN: not
 * set) and `responseTruncated` (-1: not set, 0, 1).
 */
const NUMBERS_PER_RECORD = NUMBER_FIELDS.length + 7;
/** Per record: the text fields, then the attempts as JSON. */
const TEXTS_PER_RECORD = TEXT_FIELDS.length + 1;
const KINDS = ['none', 'json', 'sse'] as const;

// A field added to RequestLogRecord must be carried here too: this line stops compiling otherwise.
const everyField: Exclude<
  keyof RequestLogRecord,
  (typeof TEXT_FIELDS)[number] | (typeof NUMBER_FIELDS)[number] | 'stream' | 'attempts' | 'response' | 'responseBytes' | 'responseTruncated' | 'responseState'
  // not stored: the response header and the metrics carry it (the attempts keep what it is computed from)
  | 'overheadMs'
  // not stored: a tracing host exports it as spans (the attempts keep their span ids)
  | 'trace'
> extends never
  ? true
  : never = true;
void everyField;

/** A batch of records as posted. */
export interface PackedBatch {
  count: number;
  /** Every text field of every record, joined. */
  text: string;
  /** The length of each text field in `text` (-1 for null). */
  lengths: Int32Array;
  numbers: Float64Array;
  /** Every response body, packed. */
  bytes: ArrayBuffer;
  /**
   * The kept Responses states, by record index (only Responses requests have one): cloned with
   * the message as they are, so they are turned into JSON in the worker, not here.
   */
  states: [number, ResponseState][];
}

/** Main thread → worker. */
export type ToLogWorker =
  | ({ type: 'batch'; size: number; bodies: BodyStorage } & PackedBatch)
  | { type: 'secrets'; secrets: string[] }
  | { type: 'providers'; providers: Record<string, PricedProvider> }
  /** The user's price overrides by model name, sent whenever they change. */
  | { type: 'prices'; prices: ReadonlyMap<string, ModelPrice> }
  /** Look these models up in the price list now (ahead of their first request); answered by `rates`. */
  | { type: 'price-models'; models: { baseURL?: string; model: string }[] }
  /** Apply the retention policy, measuring ages from `now`; answered by `pruned` with the same id. */
  | { type: 'prune'; id: number; policy: RetentionPolicy; now: number; dryRun: boolean }
  | { type: 'flush'; id: number }
  | { type: 'close' };

/** Worker → main thread. */
export type FromLogWorker =
  /** One per batch, in order: rows written and given up, and the batch's `size` echoed back. */
  | { type: 'done'; written: number; dropped: number; size: number; usage?: UsageTally[]; rows?: WrittenRow[]; keyed?: KeyedUsage[] }
  | { type: 'failed'; message: string }
  /** What the price list said of models looked up since the last `rates` (sent before the rows they priced are inserted). */
  | { type: 'rates'; rates: LearnedRates[] }
  | { type: 'flushed'; id: number }
  | { type: 'pruned'; id: number; result?: PruneResult; error?: string }
  | { type: 'closed' };

/** What the worker is started with. */
export interface LogWorkerData {
  /** Database URL (a file or a remote libsql URL). */
  url: string;
  /** Redaction patterns (RegExp survives structured cloning). */
  patterns?: readonly RegExp[];
  /** Store streamed responses as their SSE text (`toLogRow`'s `rawStreams`). */
  rawStreams?: boolean;
  /** Recorded in every row (`toLogRow`'s `instanceId`). */
  instanceId?: string;
  /** Wait between attempts at a failed insert, ms. */
  retryDelayMs: number;
  /** Send each written batch's token usage back with its `done` (someone wants it: `onWritten`). */
  tallyUsage?: boolean;
  /** Send each written row's summary back with its `done` (`onRowsWritten`). */
  rowSummaries?: boolean;
  /** Send the usage and cost of each written row that came with a client key back with its `done` (`onKeyedUsage`). */
  keyedUsage?: boolean;
}

function chunksLength(chunks: readonly Uint8Array[] | undefined): number {
  let length = 0;
  if (chunks) for (const chunk of chunks) length += chunk.byteLength;
  return length;
}

/** Bytes of a response's tail (the part kept after a gap), 0 when it has none. */
function tailLength(response: RequestLogRecord['response']): number {
  if (response.kind === 'json') return response.tail?.byteLength ?? 0;
  if (response.kind === 'sse') return chunksLength(response.tail);
  return 0;
}

/** Bytes of a response kept in the record: its head and its tail. */
function byteLength(record: RequestLogRecord): number {
  const response = record.response;
  if (response.kind === 'json') return response.bytes.byteLength + tailLength(response);
  if (response.kind === 'sse') return chunksLength(response.chunks) + tailLength(response);
  return 0;
}

/** Approximate bytes a queued record holds on to (response bytes and request body), for the memory bound. */
export function recordSize(record: RequestLogRecord): number {
  return byteLength(record) + (record.requestBody?.length ?? 0);
}

/**
 * Builds one batch as records arrive: each record is copied into the batch's columns at once, so
 * the record, its response chunks and its strings die young (held for the whole flush interval
 * they would be promoted to the old generation, which costs major collections and peak memory).
 */
export class BatchBuilder {
  count = 0;
  /** Approximate bytes held (response bytes and request bodies), for the writer's memory bound. */
  size = 0;
  #bytes: Buffer;
  #offset = 0;
  #numbers: Float64Array;
  #lengths: Int32Array;
  #text = '';
  #states: [number, ResponseState][] = [];

  constructor(expectedRecords = 64, expectedBytes = 64 * 1024) {
    // Not zero-filled (every byte used is written), and never a slice of Node's shared pool,
    // whose ArrayBuffer must not be transferred.
    this.#bytes = Buffer.allocUnsafeSlow(expectedBytes);
    this.#numbers = new Float64Array(Math.max(1, expectedRecords) * NUMBERS_PER_RECORD);
    this.#lengths = new Int32Array(Math.max(1, expectedRecords) * TEXTS_PER_RECORD);
  }

  /** Bytes of responses copied so far. */
  get byteLength(): number {
    return this.#offset;
  }

  add(record: RequestLogRecord): void {
    const response = record.response;
    const needed = byteLength(record);
    if (this.#offset + needed > this.#bytes.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(this.#bytes.length * 2, this.#offset + needed));
      this.#bytes.copy(grown, 0, 0, this.#offset);
      this.#bytes = grown;
    }
    if ((this.count + 1) * NUMBERS_PER_RECORD > this.#numbers.length) {
      const numbers = new Float64Array(this.#numbers.length * 2);
      numbers.set(this.#numbers);
      this.#numbers = numbers;
      const lengths = new Int32Array(this.#lengths.length * 2);
      lengths.set(this.#lengths);
      this.#lengths = lengths;
    }
    const numbers = this.#numbers;
    let n = this.count * NUMBERS_PER_RECORD;
    for (const field of NUMBER_FIELDS) numbers[n++] = record[field] ?? Number.NaN;
    numbers[n++] = record.stream ? 1 : 0;
    numbers[n++] = KINDS.indexOf(response.kind);
    const start = this.#offset;
    // head then tail, back to back (no helper closure: this runs once per request on the main thread)
    const bytes = this.#bytes;
    if (response.kind === 'json') {
      bytes.set(response.bytes, start);
      if (response.tail) bytes.set(response.tail, start + response.bytes.byteLength);
    } else if (response.kind === 'sse') {
      let at = start;
      for (const chunk of response.chunks) {
        bytes.set(chunk, at);
        at += chunk.byteLength;
      }
      if (response.tail) {
        for (const chunk of response.tail) {
          bytes.set(chunk, at);
          at += chunk.byteLength;
        }
      }
    }
    this.#offset = start + needed;
    numbers[n++] = start;
    numbers[n++] = needed;
    const hasTail = response.kind !== 'none' && response.tail !== undefined;
    numbers[n++] = hasTail ? tailLength(response) : -1;
    numbers[n++] = record.responseBytes ?? Number.NaN;
    numbers[n++] = record.responseTruncated === undefined ? -1 : record.responseTruncated ? 1 : 0;
    const lengths = this.#lengths;
    let t = this.count * TEXTS_PER_RECORD;
    let text = this.#text;
    for (const field of TEXT_FIELDS) {
      const value = record[field];
      // `== null`: a record built before a field existed may leave it out.
      lengths[t++] = value == null ? -1 : value.length;
      if (value != null) text += value;
    }
    const attempts = JSON.stringify(record.attempts);
    lengths[t++] = attempts.length;
    this.#text = text + attempts;
    if (record.responseState) this.#states.push([this.count, record.responseState]);
    this.count++;
    this.size += needed + (record.requestBody?.length ?? 0);
  }

  /** The batch for posting; transfer `lengths.buffer`, `numbers.buffer` and `bytes` with the message. The builder is spent. */
  finish(): PackedBatch {
    return {
      count: this.count,
      text: this.#text,
      lengths: this.#lengths.subarray(0, this.count * TEXTS_PER_RECORD),
      numbers: this.#numbers.subarray(0, this.count * NUMBERS_PER_RECORD),
      bytes: this.#bytes.buffer as ArrayBuffer,
      states: this.#states,
    };
  }
}

/** Packs records for posting in one go (see `BatchBuilder`). */
export function packBatch(records: readonly RequestLogRecord[]): PackedBatch {
  let total = 0;
  for (const record of records) total += byteLength(record);
  const builder = new BatchBuilder(records.length, total);
  for (const record of records) builder.add(record);
  return builder.finish();
}

/** Turns a posted batch back into records (responses are views into the one buffer). */
export function unpackBatch(batch: PackedBatch): RequestLogRecord[] {
  const records: RequestLogRecord[] = [];
  let position = 0;
  let nextState = 0;
  for (let index = 0; index < batch.count; index++) {
    const record: Record<string, unknown> = {};
    const n = index * NUMBERS_PER_RECORD;
    NUMBER_FIELDS.forEach((field, at) => {
      const value = batch.numbers[n + at];
      record[field] = Number.isNaN(value) ? null : value;
    });
    const m = n + NUMBER_FIELDS.length;
    record.stream = batch.numbers[m] === 1;
    const kind = KINDS[batch.numbers[m + 1]];
    const offset = batch.numbers[m + 2];
    const length = batch.numbers[m + 3];
    const tail = batch.numbers[m + 4];
    const headLength = tail < 0 ? length : length - tail;
    const bytes = new Uint8Array(batch.bytes, offset, headLength);
    const tailBytes = tail < 0 ? undefined : new Uint8Array(batch.bytes, offset + headLength, tail);
    // An SSE body as one chunk: the summariser's parser is streaming, chunk edges do not matter.
    if (kind === 'none') record.response = { kind };
    else if (kind === 'json') record.response = tailBytes ? { kind, bytes, tail: tailBytes } : { kind, bytes };
    else record.response = tailBytes ? { kind, chunks: [bytes], tail: [tailBytes] } : { kind, chunks: [bytes] };
    const responseBytes = batch.numbers[m + 5];
    if (!Number.isNaN(responseBytes)) record.responseBytes = responseBytes;
    const truncated = batch.numbers[m + 6];
    if (truncated >= 0) record.responseTruncated = truncated === 1;
    const t = index * TEXTS_PER_RECORD;
    TEXT_FIELDS.forEach((field, at) => {
      const length = batch.lengths[t + at];
      // an optional field the record did not carry stays absent
      if (length < 0 && OPTIONAL_TEXT_FIELDS.has(field)) return;
      record[field] = length < 0 ? null : batch.text.slice(position, (position += length));
    });
    const attemptsLength = batch.lengths[t + TEXT_FIELDS.length];
    record.attempts = JSON.parse(batch.text.slice(position, (position += attemptsLength)));
    const states = batch.states ?? [];
    if (nextState < states.length && states[nextState][0] === index) record.responseState = states[nextState++][1];
    records.push(record as unknown as RequestLogRecord);
  }
  return records;
}
