import { describe, expect, it } from 'vitest';
import { encodeUtf8 } from './bytes.js';
import { summarizeResponse } from './summarize-response.js';

const event = (content: string) => `data: {"choices":[{"index":0,"delta":{"content":"${content}"}}]}\n\n`;

describe('summarizeResponse', () => {
  it('summarises a truncated stream from its head and tail: usage and finish reason from the tail, the text without its middle', () => {
    const head = [encodeUtf8(event('a') + event('b'))];
    const tail = [
      encodeUtf8(event('y') + 'data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":5}}\n\n'),
      encodeUtf8('data: [DONE]\n\n'),
    ];
    const summary = summarizeResponse({ kind: 'sse', chunks: head, tail });
    expect(summary?.text).toBe('aby');
    expect(summary?.finishReason).toBe('stop');
    expect(summary?.usage).toEqual({ promptTokens: 3, completionTokens: 5, totalTokens: 8 });
  });

  it('gives empty fields for a truncated JSON body rather than throwing', () => {
    const summary = summarizeResponse({ kind: 'json', bytes: encodeUtf8('{"id":"x","choices":[{"mess'), tail: encodeUtf8('"stop"}]}') });
    expect(summary?.text).toBeNull();
    expect(summary?.usage).toBeNull();
  });
});
