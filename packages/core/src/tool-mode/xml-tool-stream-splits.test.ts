/**
 * Every byte boundary of a recorded stream: the SSE bytes are cut in two at each
 * position (mid-frame, mid-tag, mid-UTF-8 character) and the rewritten output must
 * be exactly the output of the uncut stream. A file of its own so it runs in
 * parallel with the rest of the suite.
 */
import { readFileSync } from 'node:fs';
import { sseFrames } from '@router/testkit';
import { describe, expect, it } from 'vitest';
import { createXmlToolSseRewriter } from './xml-tool-stream.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}.chunks.txt`, import.meta.url), 'utf8').split('\n').filter(Boolean);

function rewrite(parts: Uint8Array[]): string {
  let ids = 0;
  const rewriter = createXmlToolSseRewriter({ generateId: () => `call_${++ids}` });
  const decoder = new TextDecoder();
  let out = '';
  for (const part of parts) out += rewriter.feed(decoder.decode(part, { stream: true }));
  return out + rewriter.feed(decoder.decode()) + rewriter.end();
}

const BLOCKS = 4;

describe.each(['qwen-hermes-tool-calls', 'qwen-coder-tool-call'])('%s split at every byte boundary', (name) => {
  const bytes = new TextEncoder().encode(sseFrames(fixture(name)).join(''));
  const reference = rewrite([bytes]);
  const size = Math.ceil(bytes.length / BLOCKS);

  it('has tool calls and no tag text in the reference output', () => {
    expect(reference).toContain('"tool_calls"');
    expect(reference).toContain('"finish_reason":"tool_calls"');
    expect(reference).not.toMatch(/"content":"[^"]*(<tool_call|<function=|<\/)/);
  });

  it.each(Array.from({ length: BLOCKS }, (_, block) => block))('block %i of the cut positions', (block) => {
    const mismatches: number[] = [];
    for (let cut = Math.max(1, block * size); cut < Math.min(bytes.length, (block + 1) * size); cut++) {
      if (rewrite([bytes.subarray(0, cut), bytes.subarray(cut)]) !== reference) mismatches.push(cut);
    }
    expect(mismatches).toEqual([]);
  });
});
