import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../errors.js';
import { PreambleHold } from './preamble-hold.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function source(chunks: string[]): AsyncIterator<Uint8Array> {
  let index = 0;
  return {
    next: () => Promise.resolve(index < chunks.length ? { done: false, value: encoder.encode(chunks[index++]) } : { done: true, value: undefined }),
    return: () => Promise.resolve({ done: true, value: undefined }),
  };
}

async function drain(hold: PreambleHold): Promise<string[]> {
  const out: string[] = [];
  for (let next = await hold.next(); !next.done; next = await hold.next()) out.push(decoder.decode(next.value));
  return out;
}

const role = 'data: {"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}\n\n';
const content = 'data: {"choices":[{"index":0,"delta":{"content":"Hi"}}]}\n\n';
const done = 'data: [DONE]\n\n';

describe('PreambleHold', () => {
  it('holds the preamble, split anywhere, and lets it go with the first content, bytes unchanged', async () => {
    const whole = role + content + done;
    for (let cut = 1; cut < whole.length; cut += 7) {
      const chunks = [whole.slice(0, cut), whole.slice(cut)];
      const out = await drain(new PreambleHold(source(chunks), { providerId: 'p', status: 200 }));
      expect(out.join('')).toBe(whole);
    }
  });

  it('sends nothing of a preamble before its content: the first chunk out carries both', async () => {
    const hold = new PreambleHold(source([role, content, done]), { providerId: 'p', status: 200 });
    const first = await hold.next();
    expect(decoder.decode(first.value)).toBe(role + content);
  });

  it('throws an empty answer for a stream with nothing in it, after the upstream ended', async () => {
    for (const chunks of [[role, done], [done], [], [role.slice(0, 10), role.slice(10)], ['data: {"choices":[],"usage":{"total_tokens":3}}\n\n']]) {
      const hold = new PreambleHold(source(chunks), { providerId: 'p', status: 200 });
      const error = await hold.next().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(UpstreamError);
      expect(error).toMatchObject({ code: 'upstream_empty_answer', outcome: 'empty_answer', upstreamStatus: 200 });
    }
  });

  it('lets an event the relay refuses go, so its checks see it', async () => {
    const out = await drain(new PreambleHold(source([role, 'data: {"error":{"message":"overloaded"}}\n\n']), { providerId: 'p', status: 200 }));
    expect(out.join('')).toBe(role + 'data: {"error":{"message":"overloaded"}}\n\n');
  });

  it('calls onHold once, when it first holds bytes', async () => {
    let calls = 0;
    const hold = new PreambleHold(source([role, role, content]), { providerId: 'p', status: 200 });
    hold.onHold = () => calls++;
    await drain(hold);
    expect(calls).toBe(1);
  });

  it('with tools, holds a tool call to the end; committed, it lets go at the next chunk', async () => {
    const call = 'data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"name":"f","arguments":"{"}}]}}]}\n\n';
    const hold = new PreambleHold(source([role, call, done]), { providerId: 'p', status: 200, tools: new Set(['f']) });
    await expect(hold.next()).rejects.toMatchObject({ code: 'upstream_invalid_tool_call' });
    const committed = new PreambleHold(source([role, call, done]), { providerId: 'p', status: 200, tools: new Set(['f']) });
    committed.commit();
    expect((await drain(committed)).join('')).toBe(role + call + done);
  });
});
