/**
 * Every chat stream fixture (recorded, and a few constructed: see the fixtures README), as the SSE
 * bytes a provider sends, cut at every byte position: parseSseEvents must read the same events
 * from the cut bytes as from the uncut ones.
 *
 * This is where a cut can change anything on the way from upstream bytes to a translated stream:
 * the translators (chat → Anthropic Messages, chat → Responses) read these events, never bytes,
 * and take their ids and clock from injected ones, so bytes that parse to the same events
 * translate to the same output. Their stream-split suites rely on this file for the cut at each
 * position, and run the whole way (bytes, parser, translator) one byte at a time and in seeded
 * random pieces.
 *
 * Streams up to WHOLE_RUN_LIMIT bytes are cut in two at every position, one run per cut. Longer
 * ones are cut at every position too, with one cut per event in each run (the testkit's
 * frameCutLists: between events the parser holds no bytes, so a cut changes only how the event it
 * falls in arrives); when a run differs, its cuts are re-run one at a time to name the position.
 */
import { chatStreamBytes, chatStreamFixtures, differingCuts, frameCutLists } from '@router/testkit';
import { describe, expect, it } from 'vitest';
import { parseSseEvents } from './parse-sse-events.js';
import type { ChatStreamEvent } from './types.js';

async function* pieces<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

async function parse(parts: Uint8Array[]): Promise<ChatStreamEvent[]> {
  const events: ChatStreamEvent[] = [];
  for await (const event of parseSseEvents(pieces(parts))) events.push(event);
  return events;
}

/** Streams up to this many bytes are cut in two at every position, one run per cut; longer ones one cut per event in each run. */
const WHOLE_RUN_LIMIT = 4_000;

const names = chatStreamFixtures();

it('covers every chat stream fixture the translators replay', () => {
  expect(names).toEqual(expect.arrayContaining(['openai-text', 'openai-error-mid-stream', 'xai-tool-call', 'openai-refusal', 'openai-length']));
  expect(names.length).toBeGreaterThanOrEqual(15);
});

describe.each(names)('%s', (name) => {
  const { lines, error, frames, bytes } = chatStreamBytes(name);

  it('reads one event per frame, the payloads as sent, from the uncut bytes', async () => {
    const events = await parse([bytes]);
    const payloads = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    if (error) {
      expect(events.slice(0, -1)).toEqual(payloads.slice(0, -1).map((chunk) => ({ type: 'chunk', chunk })));
      expect(events.at(-1)).toMatchObject({ type: 'error', error: { message: expect.any(String) } });
    } else {
      expect(events).toEqual([...payloads.map((chunk) => ({ type: 'chunk', chunk })), { type: 'done' }]);
    }
  });

  it('reads the same events however the bytes are cut: at every position', async () => {
    const lists = bytes.length <= WHOLE_RUN_LIMIT ? Array.from({ length: bytes.length - 1 }, (_, index) => [index + 1]) : frameCutLists(frames);
    expect(lists.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: bytes.length - 1 }, (_, index) => index + 1));
    const reference = JSON.stringify(await parse([bytes]));
    expect(await differingCuts(bytes, lists, async (parts) => JSON.stringify(await parse(parts)), reference)).toEqual([]);
  }, 60_000);

  it('reads the same events one byte at a time', async () => {
    const oneByOne = Array.from({ length: bytes.length }, (_, offset) => bytes.subarray(offset, offset + 1));
    expect(await parse(oneByOne)).toEqual(await parse([bytes]));
  });
});
