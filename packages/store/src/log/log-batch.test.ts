import { describe, expect, it } from 'vitest';
import type { RequestLogRecord } from '@router/core';
import { BatchBuilder, packBatch, unpackBatch } from './log-batch.js';

const encode = (text: string) => new TextEncoder().encode(text);
const base = {
  clientRequestId: 'client-1', startedAt: 1_764_000_000_123, endpoint: '/v1/chat/completions', providerId: 'p', model: 'm', upstreamModel: 'm-up', stream: false, status: 200,
  outcome: 'success', errorCode: null, errorMessage: null, durationMs: 1.25, ttfbMs: 0.5, requestBody: '{"model":"m"}',
  attempts: [{ providerId: 'p', model: 'm-up', status: 200, outcome: 'ok', durationMs: 1, delayMs: 3 }],
} satisfies Omit<RequestLogRecord, 'id' | 'response'>;

function roundTrip(records: RequestLogRecord[]): RequestLogRecord[] {
  const packed = packBatch(records);
  // As posted: the typed arrays and the bytes are moved to the other side.
  const moved = structuredClone(packed, { transfer: [packed.bytes, packed.lengths.buffer as ArrayBuffer, packed.numbers.buffer as ArrayBuffer] });
  expect(packed.bytes.byteLength).toBe(0);
  return unpackBatch(moved);
}
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('log batches', () => {
  it('carries every field, nulls and odd text included, and packs all response bytes into one buffer', () => {
    const records: RequestLogRecord[] = [
      { ...base, id: 'json', response: { kind: 'json', bytes: encode('{"a":1}') } },
      { ...base, id: 'sse', stream: true, ttfbMs: null, errorCode: 'x', errorMessage: 'née \u0000 ✓ 😀', requestBody: null, response: { kind: 'sse', chunks: [encode('data: {"x"'), encode(':1}\n\n'), encode('data: [DONE]\n\n')] } },
      { ...base, id: 'none', outcome: 'client_closed', status: 499, providerId: null, model: null, upstreamModel: null, attempts: [], response: { kind: 'none' } },
      { ...base, id: 'keyed', keyId: 'key_AbCdEfGhIjKl', response: { kind: 'none' } },
    ];
    expect(packBatch(records).bytes.byteLength).toBe(7 + 10 + 5 + 14);
    const [json, sse, none, keyed] = roundTrip(records);
    expect(keyed).toEqual({ ...base, id: 'keyed', keyId: 'key_AbCdEfGhIjKl', response: { kind: 'none' } });
    const { response: jsonResponse, ...jsonRest } = json;
    expect(jsonRest).toEqual({ ...base, id: 'json' });
    expect(jsonResponse.kind === 'json' && text(jsonResponse.bytes)).toBe('{"a":1}');
    const { response: sseResponse, ...sseRest } = sse;
    expect(sseRest).toEqual({ ...base, id: 'sse', stream: true, ttfbMs: null, errorCode: 'x', errorMessage: 'née \u0000 ✓ 😀', requestBody: null });
    expect(sseResponse.kind === 'sse' && text(sseResponse.chunks[0])).toBe('data: {"x":1}\n\ndata: [DONE]\n\n');
    expect(none).toEqual({ ...base, id: 'none', outcome: 'client_closed', status: 499, providerId: null, model: null, upstreamModel: null, attempts: [], response: { kind: 'none' } });
  });

  it('carries a shadow row\'s pair id and role, and leaves them out of a row that has none', () => {
    const [shadow, plain] = roundTrip([
      { ...base, id: 'shadow', pairId: 'primary-1', pairRole: 'shadow', response: { kind: 'none' } },
      { ...base, id: 'plain', response: { kind: 'none' } },
    ]);
    expect([shadow.pairId, shadow.pairRole]).toEqual(['primary-1', 'shadow']);
    expect('pairId' in plain || 'pairRole' in plain).toBe(false);
  });

  it('carries a response kept as head and tail, with its total size and the truncated mark', () => {
    const records: RequestLogRecord[] = [
      { ...base, id: 'json', responseBytes: 1000, responseTruncated: true, response: { kind: 'json', bytes: encode('{"head'), tail: encode('tail"}') } },
      { ...base, id: 'sse', stream: true, responseBytes: 5000, responseTruncated: true, response: { kind: 'sse', chunks: [encode('data: 1\n\n'), encode('data: 2\n\n')], tail: [encode('data: 99\n\n'), encode('data: [DONE]\n\n')] } },
      { ...base, id: 'whole', responseBytes: 7, responseTruncated: false, response: { kind: 'json', bytes: encode('{"a":1}') } },
    ];
    const [json, sse, whole] = roundTrip(records);
    expect(json).toMatchObject({ responseBytes: 1000, responseTruncated: true });
    expect(json.response.kind === 'json' && [text(json.response.bytes), json.response.tail && text(json.response.tail)]).toEqual(['{"head', 'tail"}']);
    expect(sse).toMatchObject({ responseBytes: 5000, responseTruncated: true });
    expect(sse.response.kind === 'sse' && [text(sse.response.chunks[0]), sse.response.tail && text(sse.response.tail[0])]).toEqual(['data: 1\n\ndata: 2\n\n', 'data: 99\n\ndata: [DONE]\n\n']);
    expect(whole).toMatchObject({ responseBytes: 7, responseTruncated: false, response: { kind: 'json' } });
    expect(whole.response).not.toHaveProperty('tail');
  });

  it('copies a chunk out of its Buffer pool slab and leaves the source alone', () => {
    const slab = Buffer.from('xxxxdata: [DONE]\n\nyyyy');
    const chunk = slab.subarray(4, 18);
    const [record] = roundTrip([{ ...base, id: 'a', response: { kind: 'sse', chunks: [chunk] } }]);
    expect(record.response.kind === 'sse' && text(record.response.chunks[0])).toBe('data: [DONE]\n\n');
    expect(chunk.toString()).toBe('data: [DONE]\n\n');
  });

  it('packs an empty batch', () => {
    expect(roundTrip([])).toEqual([]);
  });

  it('builds a batch record by record, growing past its first guess, and keeps every byte', () => {
    const builder = new BatchBuilder(1, 4);
    const records: RequestLogRecord[] = Array.from({ length: 40 }, (_, index) => ({
      ...base,
      id: `r${index}`,
      response: index % 2 ? { kind: 'json', bytes: encode(`{"n":${index}}`) } : { kind: 'sse', chunks: [encode(`data: ${index}\n\n`), encode('data: [DONE]\n\n')] },
    }));
    for (const record of records) builder.add(record);
    expect(builder.count).toBe(40);
    expect(builder.size).toBe(builder.byteLength + 40 * base.requestBody.length);
    const packed = builder.finish();
    const moved = structuredClone(packed, { transfer: [packed.bytes, packed.lengths.buffer as ArrayBuffer, packed.numbers.buffer as ArrayBuffer] });
    const back = unpackBatch(moved);
    expect(back.map((record) => record.id)).toEqual(records.map((record) => record.id));
    expect(back.map((record) => (record.response.kind === 'json' ? text(record.response.bytes) : record.response.kind === 'sse' ? text(record.response.chunks[0]) : ''))).toEqual(
      records.map((_, index) => (index % 2 ? `{"n":${index}}` : `data: ${index}\n\ndata: [DONE]\n\n`)),
    );
  });
});
