import { describe, expect, it } from 'vitest';
import type { RequestLogRecord } from '@router/core';
import { packBatch, unpackBatch } from './log-batch.js';

const encode = (text: string) => new TextEncoder().encode(text);
const base = {
  startedAt: 1, endpoint: '/v1/chat/completions', providerId: 'p', model: 'm', upstreamModel: 'm', stream: false, status: 200,
  outcome: 'success', errorCode: null, errorMessage: null, durationMs: 1, ttfbMs: 1, requestBody: '{}', attempts: [{ providerId: 'p', model: 'm', status: 200, outcome: 'ok', durationMs: 1 }],
} satisfies Omit<RequestLogRecord, 'id' | 'response'>;

describe('log batches', () => {
  it('packs every response into one transferable buffer and unpacks the same bytes', () => {
    const records: RequestLogRecord[] = [
      { ...base, id: 'json', response: { kind: 'json', bytes: encode('{"a":1}') } },
      { ...base, id: 'sse', stream: true, response: { kind: 'sse', chunks: [encode('data: {"x"'), encode(':1}\n\n'), encode('data: [DONE]\n\n')] } },
      { ...base, id: 'none', response: { kind: 'none' } },
    ];
    const packed = packBatch(records);
    expect(packed.bytes.byteLength).toBe(7 + 10 + 5 + 14);
    expect(JSON.stringify(packed.records)).not.toMatch(/"bytes"|"chunks"/);
    const copy = structuredClone(packed, { transfer: [packed.bytes] });
    expect(packed.bytes.byteLength).toBe(0); // moved, not copied
    const [json, sse, none] = unpackBatch(copy);
    expect(json).toMatchObject({ id: 'json', attempts: records[0].attempts });
    expect(json.response.kind === 'json' && new TextDecoder().decode(json.response.bytes)).toBe('{"a":1}');
    expect(sse.response.kind === 'sse' && new TextDecoder().decode(sse.response.chunks[0])).toBe('data: {"x":1}\n\ndata: [DONE]\n\n');
    expect(none.response).toEqual({ kind: 'none' });
  });

  it('does not pack the bytes of a Buffer pool slab around a chunk', () => {
    const slab = Buffer.from('xxxxdata: [DONE]\n\nyyyy');
    const chunk = slab.subarray(4, 18);
    const packed = packBatch([{ ...base, id: 'a', response: { kind: 'sse', chunks: [chunk] } }]);
    expect(new TextDecoder().decode(packed.bytes)).toBe('data: [DONE]\n\n');
    structuredClone(packed, { transfer: [packed.bytes] });
    expect(chunk.toString()).toBe('data: [DONE]\n\n'); // the source is neither detached nor changed
  });
});
