/**
 * Event boundaries for every client API and path: an upstream stream framed with `\r\n`, `\r` or
 * a mix of line endings (as the SSE specification allows) reaches the client as the same events as
 * one framed with `\n`, and the log reads the same answer from it, whichever bytes the upstream's
 * chunks are cut at (`frameCutLists`: every byte boundary). That runs every SSE reader of a request:
 * the attempt's check of the first event, the chat preamble hold, the translators' parsers, the
 * relay's event checks, and the log's summary; and an event that is not JSON midway still ends the
 * stream with the API's error event.
 */
import { cutAt, differingCuts, frameCutLists } from '@router/testkit';
import { describe, expect, it } from 'vitest';
import { createRouter } from '../engine/create-router.js';
import { createStaticConfigSource } from '../engine/static-config.js';
import type { RequestLogRecord } from '../spec/log.js';
import { summarizeResponse } from '../sse/summarize-response.js';
import { API_CASES, GOOD, SSE, events, type ApiCase } from '../test/api-cases.js';
import { bodyText } from '../test/index.js';

const encoder = new TextEncoder();

/** The `\n`-framed frames with other line endings. */
const ENDINGS: Record<string, (frame: string) => string> = {
  '\\n': (frame) => frame,
  '\\r\\n': (frame) => frame.replace(/\n/g, '\r\n'),
  '\\r': (frame) => frame.replace(/\n/g, '\r'),
  // every kind in one stream: each line break takes the next of `\r\n`, `\n`, `\r`
  mixed: (frame) => {
    let index = 0;
    return frame.replace(/\n/g, () => ['\r\n', '\n', '\r'][index++ % 3]);
  },
};

/** What a client and the log make of one run, as comparable text (ids the translations make up left out). */
async function run(apiCase: ApiCase, pieces: readonly Uint8Array[]): Promise<string> {
  const logs: RequestLogRecord[] = [];
  let counter = 0;
  const router = createRouter({
    config: createStaticConfigSource({ providers: [{ id: 'p', type: apiCase.type, config: { ...apiCase.config, baseURL: 'http://p.test/v1' } }], activeProviderId: 'p' }),
    transport: async () => ({ status: 200, headers: SSE, body: (async function* () { yield* pieces; })() }),
    logSink: { write: (record) => logs.push(record) },
    keepAliveMs: 0,
    generateId: () => `id${counter++}`,
  });
  const answered = await router.proxy(apiCase.api, { body: JSON.stringify(apiCase.body(true)) });
  const text = await bodyText(answered.body);
  const seen = events(text).map(({ event, data }) => {
    if (data === '[DONE]') return data;
    const value = JSON.parse(data);
    const delta = value.choices?.[0]?.delta?.content ?? value.choices?.[0]?.text ?? value.delta?.text ?? (typeof value.delta === 'string' ? value.delta : undefined);
    const error = value.error?.message ?? (value.type === 'error' ? value.message : undefined) ?? value.response?.error?.message;
    return [event ?? '', value.type ?? value.object ?? '', delta ?? '', error ? String(error).replace(/"[^"]*"/g, '…') : ''].join('|');
  });
  const row = logs[0];
  return JSON.stringify({ status: answered.status, seen, outcome: row?.outcome, logged: row ? summarizeResponse(row.response)?.text : null });
}

const streaming = API_CASES.filter((apiCase) => apiCase.streams);

describe.each(streaming)('$name: line endings and event boundaries', (apiCase) => {
  const good = GOOD[apiCase.upstream];
  const STREAMS: Record<string, string[]> = {
    'a good stream': [...good.first!, ...good.rest!],
    'a stream with an event that is not JSON midway': [...good.first!, 'data: <html>oops</html>\n\n', ...good.rest!],
  };

  for (const [streamName, lfFrames] of Object.entries(STREAMS)) {
    it(`reads ${streamName} the same framed with any line ending, cut at every byte`, async () => {
      const reference = await run(apiCase, lfFrames.map((frame) => encoder.encode(frame)));
      // what the reference says is what it should: the answer's text, then (when broken) the API's error event
      expect(reference).toContain('ok');
      if (streamName === 'a good stream') expect(JSON.parse(reference).outcome).toBe('success');
      else expect(JSON.parse(reference)).toMatchObject({ outcome: 'stream_error', seen: expect.arrayContaining([expect.stringMatching(/not JSON/)]) });
      for (const [ending, convert] of Object.entries(ENDINGS)) {
        const frames = lfFrames.map((frame) => encoder.encode(convert(frame)));
        const bytes = encoder.encode(lfFrames.map(convert).join(''));
        expect(await run(apiCase, frames), `framed with ${ending}`).toBe(reference);
        expect(await differingCuts(bytes, frameCutLists(frames), (pieces) => run(apiCase, pieces), reference), `framed with ${ending}: cuts that differ`).toEqual([]);
        // and one byte at a time
        expect(await run(apiCase, cutAt(bytes, Array.from({ length: bytes.length - 1 }, (_, index) => index + 1))), `framed with ${ending}, byte by byte`).toBe(reference);
      }
    });
  }
});
