import { describe, expect, it } from 'vitest';
import { EventStreamError, postEventStream, readEventStream, type StreamEvent } from './event-stream.ts';

/** A comparison's stream as the server writes it (Hono's writeSSE), with a keep-alive comment and a multi-byte character. */
const WIRE = [
  'event: start\ndata: {"compareId":"cmp_9","targets":["a/m","b/m"]}\n\n',
  'event: delta\ndata: {"target":"a/m","text":"Grüße"}\n\n',
  ': keep-alive\n\n',
  'event: delta\ndata: {"target":"b/m","text":"hi"}\n\n',
  'event: done\ndata: {"target":"a/m","status":"ok","totalMs":12}\n\n',
  'event: end\ndata: {"compareId":"cmp_9","ok":2,"failed":0}\n\n',
].join('');

const EXPECTED: StreamEvent[] = [
  { event: 'start', data: { compareId: 'cmp_9', targets: ['a/m', 'b/m'] } },
  { event: 'delta', data: { target: 'a/m', text: 'Grüße' } },
  { event: 'delta', data: { target: 'b/m', text: 'hi' } },
  { event: 'done', data: { target: 'a/m', status: 'ok', totalMs: 12 } },
  { event: 'end', data: { compareId: 'cmp_9', ok: 2, failed: 0 } },
];

/** A body that delivers `bytes` in pieces cut at the given offsets. */
function body(bytes: Uint8Array, cuts: number[]): ReadableStream<Uint8Array> {
  const edges = [0, ...cuts, bytes.length];
  let index = 0;
  return new ReadableStream({
    pull(controller) {
      if (index >= edges.length - 1) return controller.close();
      controller.enqueue(bytes.slice(edges[index], edges[index + 1]));
      index++;
    },
  });
}

describe('readEventStream', () => {
  it('reads the same events whatever the chunking, even cut inside a character', async () => {
    const bytes = new TextEncoder().encode(WIRE);
    for (let cut = 1; cut < bytes.length; cut++) {
      const events: StreamEvent[] = [];
      await readEventStream(body(bytes, [cut]), (event) => events.push(event));
      expect(events, `cut at ${cut}`).toEqual(EXPECTED);
    }
    const bytewise: StreamEvent[] = [];
    await readEventStream(body(bytes, Array.from({ length: bytes.length - 1 }, (_, i) => i + 1)), (event) => bytewise.push(event));
    expect(bytewise).toEqual(EXPECTED);
  });

  it('gives data that is not JSON as text, and an unnamed event as "message"', async () => {
    const events: StreamEvent[] = [];
    await readEventStream(body(new TextEncoder().encode('data: plain\n\n'), []), (event) => events.push(event));
    expect(events).toEqual([{ event: 'message', data: 'plain' }]);
  });
});

describe('postEventStream', () => {
  type Call = { url: string; init: RequestInit };
  const fakeFetch = (response: () => Response, calls: Call[] = []) => (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return response();
  }) as unknown as typeof fetch;

  it('POSTs the JSON body with the given headers and hands on each event and the answer headers', async () => {
    const calls: Call[] = [];
    const events: StreamEvent[] = [];
    let compareId: string | null = null;
    await postEventStream({
      url: '/v1/compare', body: { targets: ['a/m', 'b/m'], prompt: 'x' }, headers: { authorization: 'Bearer k' },
      fetch: fakeFetch(() => new Response(WIRE, { headers: { 'content-type': 'text/event-stream', 'x-compare-id': 'cmp_9' } }), calls),
      onOpen: (headers) => (compareId = headers.get('x-compare-id')),
      onEvent: (event) => events.push(event),
    });
    expect(events).toEqual(EXPECTED);
    expect(compareId).toBe('cmp_9');
    expect(calls[0].init.method).toBe('POST');
    expect(calls[0].init.headers).toMatchObject({ authorization: 'Bearer k', 'content-type': 'application/json' });
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ targets: ['a/m', 'b/m'], prompt: 'x' });
  });

  it('throws the API error with its status, param and code when the answer is not a stream', async () => {
    const refused = fakeFetch(() => Response.json({ error: { message: 'Invalid targets[1]: no provider "b".', type: 'invalid_request_error', param: 'targets[1]', code: 'provider_not_found' } }, { status: 400 }));
    const error = await postEventStream({ url: '/v1/compare', body: {}, fetch: refused, onEvent: () => undefined }).catch((caught) => caught);
    expect(error).toBeInstanceOf(EventStreamError);
    expect(error).toMatchObject({ status: 400, param: 'targets[1]', code: 'provider_not_found', message: 'Invalid targets[1]: no provider "b".' });
    const html = fakeFetch(() => new Response('<html>', { status: 502, statusText: 'Bad Gateway' }));
    expect(await postEventStream({ url: '/x', body: {}, fetch: html, onEvent: () => undefined }).catch((caught) => caught.message)).toBe('The server answered 502 Bad Gateway.');
    const json = fakeFetch(() => Response.json({ ok: true }));
    expect(await postEventStream({ url: '/x', body: {}, fetch: json, onEvent: () => undefined }).catch((caught) => caught.message)).toBe('The server did not answer with an event stream.');
  });
});
