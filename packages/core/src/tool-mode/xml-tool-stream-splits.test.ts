/**
 * Every byte boundary of a recorded stream: the SSE bytes are cut at each position (mid-frame,
 * mid-tag, mid-UTF-8 character) and the rewritten output must be exactly the output of the uncut
 * stream. The cuts share runs, one cut per SSE frame in each (see the testkit's frameCutLists:
 * the rewriter's parser holds no bytes between frames); the longest frame is also cut in two at
 * each of its bytes, the rest of the stream in one piece either side, and the whole stream is fed
 * one byte at a time.
 */
import { readFileSync } from 'node:fs';
import { cutAt, differingCuts, frameCutLists, sseFrames } from '@router/testkit';
import { describe, expect, it } from 'vitest';
import { createXmlToolSseRewriter } from './xml-tool-stream.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}.chunks.txt`, import.meta.url), 'utf8').split('\n').filter(Boolean);
const encoder = new TextEncoder();

function rewrite(parts: Uint8Array[]): string {
  let ids = 0;
  const rewriter = createXmlToolSseRewriter({ generateId: () => `call_${++ids}` });
  const decoder = new TextDecoder();
  let out = '';
  for (const part of parts) out += rewriter.feed(decoder.decode(part, { stream: true }));
  return out + rewriter.feed(decoder.decode()) + rewriter.end();
}

describe.each(['qwen-hermes-tool-calls', 'qwen-coder-tool-call'])('%s cut at every byte boundary', (name) => {
  const frames = sseFrames(fixture(name)).map((frame) => encoder.encode(frame));
  const bytes = encoder.encode(sseFrames(fixture(name)).join(''));
  const reference = rewrite([bytes]);

  it('has tool calls and no tag text in the reference output', () => {
    expect(reference).toContain('"tool_calls"');
    expect(reference).toContain('"finish_reason":"tool_calls"');
    expect(reference).not.toMatch(/"content":"[^"]*(<tool_call|<function=|<\/)/);
  });

  it('is the same cut at every byte boundary', async () => {
    const lists = frameCutLists(frames);
    expect(lists.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: bytes.length - 1 }, (_, index) => index + 1));
    expect(await differingCuts(bytes, lists, rewrite, reference)).toEqual([]);
  });

  it('is the same cut in two at every byte of its longest frame, and one byte at a time', () => {
    const longest = frames.reduce((best, frame, index) => (frame.length > frames[best].length ? index : best), 0);
    const start = frames.slice(0, longest).reduce((sum, frame) => sum + frame.length, 0);
    const differing: number[] = [];
    for (let cut = Math.max(1, start); cut < start + frames[longest].length; cut++) if (rewrite(cutAt(bytes, [cut])) !== reference) differing.push(cut);
    expect(differing).toEqual([]);
    expect(rewrite(Array.from({ length: bytes.length }, (_, offset) => bytes.subarray(offset, offset + 1)))).toBe(reference);
  });
});
