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
import { createRouter, type Router } from '../engine/create-router.js';
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

/** One router per case, its upstream answering with the pieces of the run at hand. */
const routers = new Map<ApiCase, { router: Router; logs: RequestLogRecord[]; pieces: readonly Uint8Array[] }>();
function routerFor(apiCase: ApiCase) {
  let found = routers.get(apiCase);
  if (!found) {
    let counter = 0;
    const state: { router?: Router; logs: RequestLogRecord[]; pieces: readonly Uint8Array[] } = { logs: [], pieces: [] };
    state.router = createRouter({
      config: createStaticConfigSource({
        providers: [{ id: 'p', type: apiCase.type, config: { ...apiCase.config, baseURL: 'http://p.test/v1' } }],
        activeProviderId: 'p',
        // runs that fail before the first byte never open the circuit for the next
        settings: { breaker_failures: '86400000' },
      }),
      transport: async () => {
        const pieces = state.pieces;
        return { status: 200, headers: SSE, body: (async function* () { yield* pieces; })() };
      },
      logSink: { write: (record) => state.logs.push(record) },
      keepAliveMs: 0,
      // one try: a stream that fails before its first byte is not waited on and tried again
      resilience: { attemptsPerTarget: 1 },
      generateId: () => `id${counter++}`,
    });
    found = state as { router: Router; logs: RequestLogRecord[]; pieces: readonly Uint8Array[] };
    routers.set(apiCase, found);
  }
  return found;
}

/**
 * The framing also cut at every byte (`frameCutLists`): the mix, where each kind of line ending comes at many
 * offsets. Every framing is also read one byte at a time (each boundary split once), and the translators' own
 * split tests cut `\n`-framed recordings at every byte.
 */
const CUT = ['mixed'];

/** What a client and the log make of one run, as comparable text (ids the translations make up left out). */
async function run(apiCase: ApiCase, pieces: readonly Uint8Array[]): Promise<string> {
  const state = routerFor(apiCase);
  state.pieces = pieces;
  state.logs.length = 0;
  const { router, logs } = state;
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
  it('reads a good stream the same framed with any line ending, cut at every byte', async () => {
    const lfFrames = [...good.first!, ...good.rest!];
    const reference = await run(apiCase, lfFrames.map((frame) => encoder.encode(frame)));
    expect(JSON.parse(reference)).toMatchObject({ status: 200, outcome: 'success', logged: 'ok' });
    await expectEveryFraming(lfFrames, async (pieces) => run(apiCase, pieces), reference);
  });

  it('ends a stream at an event that is not JSON, framed with any line ending and cut at every byte: midway, or before the first byte when it came with the first event', async () => {
    const lfFrames = [...good.first!, 'data: <html>oops</html>\n\n', ...good.rest!];
    const bytes = encoder.encode(lfFrames.join(''));
    // byte by byte, the response is committed at the first event: the bad one ends the stream midway
    const midway = await run(apiCase, cutAt(bytes, Array.from({ length: bytes.length - 1 }, (_, index) => index + 1)));
    expect(JSON.parse(midway)).toMatchObject({ status: 200, outcome: 'stream_error', seen: expect.arrayContaining([expect.stringMatching(/not JSON/)]) });
    expect(midway).toContain('ok');
    // read in one piece with the first event, nothing had reached the client: a failed attempt (a translation hands
    // the engine one event at a time, so it still commits at the first)
    const before = await run(apiCase, [bytes]);
    if (before !== midway) expect(JSON.parse(before)).toMatchObject({ status: 502, outcome: 'error', seen: [] });
    const either = async (pieces: readonly Uint8Array[]) => {
      const result = await run(apiCase, pieces);
      return result === midway || result === before ? 'midway or before' : result;
    };
    await expectEveryFraming(lfFrames, either, 'midway or before');
  });
});

/** Runs `lfFrames` framed with each line ending, whole, cut at every byte (`frameCutLists`) and byte by byte: each run gives `reference`. */
async function expectEveryFraming(lfFrames: readonly string[], run: (pieces: Uint8Array[]) => Promise<string>, reference: string): Promise<void> {
  for (const [ending, convert] of Object.entries(ENDINGS)) {
    const frames = lfFrames.map((frame) => encoder.encode(convert(frame)));
    const bytes = encoder.encode(lfFrames.map(convert).join(''));
    expect(await run(frames), `framed with ${ending}`).toBe(reference);
    if (CUT.includes(ending)) expect(await differingCuts(bytes, frameCutLists(frames), run, reference), `framed with ${ending}: cuts that differ`).toEqual([]);
    expect(await run(cutAt(bytes, Array.from({ length: bytes.length - 1 }, (_, index) => index + 1))), `framed with ${ending}, byte by byte`).toBe(reference);
  }
}
