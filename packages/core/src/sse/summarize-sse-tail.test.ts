import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { anthropicSseFrames, fixtureChunks, sseFrames } from '@router/testkit';
import { summarizeSse } from './summarize-response.js';
import { summarizeSseTail } from './summarize-sse-tail.js';

const fixtures = readdirSync(fileURLToPath(new URL('../../../testkit/fixtures/wire/', import.meta.url)))
  .filter((name) => name.endsWith('.chunks.txt'))
  .map((name) => name.slice(0, -'.chunks.txt'.length));

/** What the tail summariser must agree on with the full one. */
function expected(text: string) {
  const { usage, finishReason, error, events } = summarizeSse(text);
  return { usage, finishReason, error, events };
}

const routerError = 'data: {"error":{"message":"upstream stream broke","type":"server_error","param":null,"code":"upstream_stream_error"}}\n\n';

describe('summarizeSseTail', () => {
  it('covers the recorded providers', () => {
    expect(fixtures).toEqual(expect.arrayContaining(['dashscope-text', 'dashscope-reasoning', 'dashscope-tool-call', 'groq-tool-call', 'deepseek-reasoning', 'deepseek-tool-call', 'openai-text', 'perplexity-text', 'xai-tool-call', 'mistral-incremental-tool-call']));
  });

  for (const name of fixtures) {
    it(`agrees with summarizeSse on ${name}: whole, cut short, and ended by the router's error event`, () => {
      const lines = fixtureChunks(name);
      const whole = sseFrames(lines).join('');
      const cut = sseFrames(lines.slice(0, Math.ceil(lines.length / 2)), false).join('');
      for (const text of [whole, cut, cut + routerError, whole + routerError]) expect(summarizeSseTail(text)).toEqual(expected(text));
    });
  }

  it('finds the values the recorded streams carry', () => {
    const groq = summarizeSseTail(sseFrames(fixtureChunks('groq-tool-call')).join(''));
    expect(groq.usage).toMatchObject({ promptTokens: expect.any(Number), completionTokens: expect.any(Number) });
    expect(groq.finishReason).toBe('tool_calls');
    const openai = summarizeSseTail(sseFrames(fixtureChunks('openai-text')).join(''));
    expect(openai.finishReason).toBe('stop');
    expect(summarizeSseTail(sseFrames(fixtureChunks('openai-text')).join('') + routerError).error).toBe('upstream stream broke');
  });

  it('keeps summarizeSse semantics on the awkward cases', () => {
    const cases = [
      // usage: null on every chunk (OpenAI with include_usage), the count in the last one
      'data: {"choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null}],"usage":null}\n\ndata: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":null}\n\ndata: {"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2}}\n\ndata: [DONE]\n\n',
      // the last usage object holds no counts: the earlier one stands
      'data: {"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}\n\ndata: {"choices":[],"usage":{}}\n\n',
      // a later usage replaces an earlier one; spaces around the colons
      'data: {"usage": {"prompt_tokens": 1, "completion_tokens": 1}}\n\ndata: {"choices": [{"index": 0, "delta": {}, "finish_reason": "length"}], "usage": {"prompt_tokens": 9, "completion_tokens": 4}}\n\n',
      // another choice finishes last: choice 0's reason counts; a choice without an index is choice 0
      'data: {"choices":[{"delta":{"content":"x"},"finish_reason":"stop"}]}\n\ndata: {"choices":[{"index":1,"delta":{},"finish_reason":"length"},{"index":0,"delta":{},"finish_reason":null}]}\n\n',
      // two errors: the last wins; an error without a message is kept as JSON; null errors ignored
      'data: {"error":{"message":"first"}}\n\ndata: {"error":"plain"}\n\ndata: {"choices":[],"error":null}\n\n',
      'data: {"error":{"code":42}}\n\ndata: {"choices":[{"index":0,"delta":{"content":"\\"error\\": \\"usage\\": {"},"finish_reason":null}]}\n\n',
      // Groq's usage under x_groq; text that is not JSON; comments and other event types
      ': keep-alive\n\nevent: ping\ndata: {"x_groq":{"usage":{"prompt_tokens":7,"completion_tokens":1}}}\n\ndata: not json\n\ndata: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n',
      // nothing at all
      '',
      'data: [DONE]\n\n',
    ];
    for (const text of cases) expect(summarizeSseTail(text)).toEqual(expected(text));
  });
});

describe('the log summaries read events at every line ending', () => {
  const ENDINGS: Record<string, (text: string) => string> = {
    '\\r\\n': (text) => text.replace(/\n/g, '\r\n'),
    '\\r': (text) => text.replace(/\n/g, '\r'),
    mixed: (text) => {
      let index = 0;
      return text.replace(/\n/g, () => ['\r\n', '\n', '\r'][index++ % 3]);
    },
  };
  const anthropic = fixtures.filter((name) => name.startsWith('anthropic-'));
  const streams: Record<string, string> = Object.fromEntries([
    ...fixtures.filter((name) => !name.startsWith('anthropic-')).map((name) => [name, sseFrames(fixtureChunks(name)).join('')]),
    ...anthropic.map((name) => [name, anthropicSseFrames(fixtureChunks(name)).join('')]),
  ]);

  it('covers Anthropic streams (typed events) as well as chat streams', () => {
    expect(anthropic.length).toBeGreaterThan(3);
  });

  for (const [name, text] of Object.entries(streams)) {
    it(`summarises ${name} framed with any line ending as framed with \\n`, () => {
      const full = summarizeSse(text);
      const tail = summarizeSseTail(text);
      expect(full.events).toBeGreaterThan(0);
      for (const [ending, convert] of Object.entries(ENDINGS)) {
        expect(summarizeSse(convert(text)), `summarizeSse, framed with ${ending}`).toEqual(full);
        expect(summarizeSseTail(convert(text)), `summarizeSseTail, framed with ${ending}`).toEqual(tail);
      }
    });
  }
});
