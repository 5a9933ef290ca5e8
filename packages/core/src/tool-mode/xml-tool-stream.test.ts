import { readFileSync } from 'node:fs';
import { createParser } from 'eventsource-parser';
import { fixtureChunks, sseFrames } from '@router/testkit';
import { describe, expect, it, vi } from 'vitest';
import { createXmlToolCallTransform, rewriteXmlToolStream } from './xml-tool-stream.js';
import type { ToolDefinition } from './parse-tool-calls.js';

const encoder = new TextEncoder();
const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}.chunks.txt`, import.meta.url), 'utf8').split('\n').filter(Boolean);

async function* chunksOf(parts: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield part;
}

/** What a client assembles from a stream. */
interface Assembled {
  content: string;
  reasoning: string;
  calls: { index: number; id: string; name: string; arguments: string }[];
  finish: string | null;
  usage: unknown;
  done: boolean;
  contents: string[];
}

async function run(parts: Uint8Array[], tools?: ToolDefinition[]): Promise<Assembled> {
  let ids = 0;
  let text = '';
  const decoder = new TextDecoder();
  for await (const chunk of rewriteXmlToolStream(chunksOf(parts), { tools, generateId: () => `call_${++ids}` })) text += decoder.decode(chunk, { stream: true });
  const result: Assembled = { content: '', reasoning: '', calls: [], finish: null, usage: null, done: false, contents: [] };
  createParser({
    onEvent(event) {
      if (event.data === '[DONE]') {
        result.done = true;
        return;
      }
      const chunk = JSON.parse(event.data);
      if (chunk.usage) result.usage = chunk.usage;
      for (const choice of chunk.choices) {
        if (typeof choice.delta?.content === 'string') {
          result.content += choice.delta.content;
          if (choice.delta.content) result.contents.push(choice.delta.content);
        }
        if (typeof choice.delta?.reasoning_content === 'string') result.reasoning += choice.delta.reasoning_content;
        for (const call of choice.delta?.tool_calls ?? []) {
          result.calls[call.index] ??= { index: call.index, id: '', name: '', arguments: '' };
          if (call.id) result.calls[call.index].id = call.id;
          result.calls[call.index].name += call.function?.name ?? '';
          result.calls[call.index].arguments += call.function?.arguments ?? '';
        }
        if (choice.finish_reason) result.finish = choice.finish_reason;
      }
    },
  }).feed(text);
  return result;
}

const bytesOf = (lines: string[]) => encoder.encode(sseFrames(lines).join(''));

/** Rebuilds a stream with the whole text in two content deltas, cut at `cut`. */
function recut(lines: string[], text: string, cut: number): string[] {
  const envelope = JSON.parse(lines[1]);
  const delta = (content: string) => JSON.stringify({ ...envelope, choices: [{ ...envelope.choices[0], delta: { content } }] });
  return [lines[0], ...[text.slice(0, cut), text.slice(cut)].filter(Boolean).map(delta), ...lines.slice(-2)];
}

const fullText = (lines: string[]) => lines.map((line) => JSON.parse(line).choices[0]?.delta?.content ?? '').join('');

export const streams = [
  {
    name: 'Hermes style, two calls after text with multi-byte characters',
    lines: fixture('qwen-hermes-tool-calls'),
    expected: {
      content: 'I\'ll check the weather in both cities — Paris and Tōkyō 🌦.',
      calls: [
        { index: 0, id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' },
        { index: 1, id: 'call_2', name: 'get_weather', arguments: '{"city":"Tōkyō","unit":"celsius"}' },
      ],
    },
  },
  {
    name: 'Qwen3-Coder style, text before and after',
    lines: fixture('qwen-coder-tool-call'),
    tools: [{ type: 'function', function: { name: 'read_file', parameters: { type: 'object', properties: { path: { type: 'string' }, limit: { type: 'integer' } } } } }],
    expected: {
      content: 'Let me look at the file first.I will report back once I have read it.',
      calls: [{ index: 0, id: 'call_1', name: 'read_file', arguments: '{"path":"src/app.ts","limit":200}' }],
    },
  },
];

const TAG_FRAGMENT = /<\/?(tool_call|function|parameter)|<tool|_call>/;

/** One comparable summary per run, so thousands of runs stay fast. */
function summary(result: Assembled) {
  return {
    content: result.content,
    calls: result.calls,
    finish: result.finish,
    done: result.done,
    leakedFragments: result.contents.filter((piece) => TAG_FRAGMENT.test(piece)),
  };
}

function expectClean(result: Assembled, expected: (typeof streams)[number]['expected'], context: string) {
  const actual = summary(result);
  const wanted = { ...expected, finish: 'tool_calls', done: true, leakedFragments: [] };
  if (JSON.stringify(actual) !== JSON.stringify(wanted)) expect(actual, context).toEqual(wanted);
}

describe('rewriteXmlToolStream', () => {
  it.each(streams)('$name: recorded chunking', async ({ lines, tools, expected }) => {
    const result = await run([bytesOf(lines)], tools);
    expectClean(result, expected, 'whole');
    expect(result.usage).toEqual(JSON.parse(lines.at(-1)!).usage);
  });

  it.each(streams)('$name: one byte per network chunk', async ({ lines, tools, expected }) => {
    const bytes = bytesOf(lines);
    expectClean(await run(Array.from(bytes, (byte) => Uint8Array.of(byte)), tools), expected, 'bytewise');
  });

  it.each(streams)('$name: the text cut into two deltas at every character', async ({ lines, tools, expected }) => {
    const text = fullText(lines);
    for (let cut = 0; cut <= text.length; cut++) {
      expectClean(await run([bytesOf(recut(lines, text, cut))], tools), expected, `cut at character ${cut}`);
    }
  });

  it.each(streams)('$name: framed with \\r\\n, \\r or a mix of line endings, whole and one byte per network chunk', async ({ lines, tools, expected }) => {
    const text = sseFrames(lines).join('');
    let index = 0;
    const framings = [text.replace(/\n/g, '\r\n'), text.replace(/\n/g, '\r'), text.replace(/\n/g, () => ['\r\n', '\n', '\r'][index++ % 3])];
    for (const framed of framings) {
      const bytes = encoder.encode(framed);
      expectClean(await run([bytes], tools), expected, `whole, framed ${JSON.stringify(framed.slice(-4))}`);
      expectClean(await run(Array.from(bytes, (byte) => Uint8Array.of(byte)), tools), expected, `bytewise, framed ${JSON.stringify(framed.slice(-4))}`);
    }
  });

  it('passes malformed XML through as text and keeps finish_reason stop', async () => {
    const lines = fixture('qwen-hermes-tool-calls');
    const broken = '<tool_call>{"name": get_weather}</tool_call> and more';
    const result = await run([bytesOf(recut(lines, broken, 7))]);
    expect(result.content).toBe(broken);
    expect(result.calls).toEqual([]);
    expect(result.finish).toBe('stop');
  });

  it('gives held text back when the stream ends without a finish reason', async () => {
    const lines = fixture('qwen-hermes-tool-calls');
    const envelope = JSON.parse(lines[1]);
    const cut = [lines[0], JSON.stringify({ ...envelope, choices: [{ ...envelope.choices[0], delta: { content: 'Almost <tool_c' } }] })];
    const result = await run([bytesOf(cut)]);
    expect(result.content).toBe('Almost <tool_c');
    expect(result.done).toBe(true);
  });

  it('leaves a recorded stream without tags semantically unchanged (reasoning included)', async () => {
    const lines = fixtureChunks('dashscope-reasoning');
    const result = await run([bytesOf(lines)]);
    const reasoning = lines.map((line) => JSON.parse(line).choices[0]?.delta?.reasoning_content ?? '').join('');
    expect(result.content).toBe(fullText(lines));
    expect(result.reasoning).toBe(reasoning);
    expect(result.finish).toBe('stop');
    expect(result.usage).toEqual(JSON.parse(lines.at(-1)!).usage);
  });

  it('passes comments, error events and unparsable data through', async () => {
    const input = ': keep-alive\n\ndata: not json\n\ndata: {"error":{"message":"boom"}}\n\n';
    let out = '';
    for await (const chunk of rewriteXmlToolStream(chunksOf([encoder.encode(input)]))) out += new TextDecoder().decode(chunk);
    expect(out).toBe(input);
  });

  it('cancels the upstream when the reader stops early', async () => {
    let returned = false;
    const upstream = (async function* () {
      try {
        for (const frame of sseFrames(fixture('qwen-hermes-tool-calls'))) yield encoder.encode(frame);
      } finally {
        returned = true;
      }
    })();
    for await (const _chunk of rewriteXmlToolStream(upstream)) break;
    await vi.waitFor(() => expect(returned).toBe(true), { timeout: 1_000 });
  });

  it('propagates an upstream failure to the reader', async () => {
    const upstream = (async function* () {
      yield encoder.encode(sseFrames(fixture('qwen-hermes-tool-calls')).slice(0, 3).join(''));
      throw new Error('socket reset');
    })();
    await expect(async () => {
      for await (const _chunk of rewriteXmlToolStream(upstream)) {
        // drain
      }
    }).rejects.toThrow('socket reset');
  });
});

describe('createXmlToolCallTransform', () => {
  it('rewrites the same way as a web TransformStream of text', async () => {
    const lines = fixture('qwen-hermes-tool-calls');
    const readable = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytesOf(lines));
        controller.close();
      },
    })
      .pipeThrough(new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>)
      .pipeThrough(createXmlToolCallTransform({ generateId: () => 'call_x' }));
    let text = '';
    const reader = readable.getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) text += next.value;
    const calls: string[] = [];
    createParser({
      onEvent(event) {
        if (event.data === '[DONE]') return;
        for (const choice of JSON.parse(event.data).choices) for (const call of choice.delta?.tool_calls ?? []) calls.push(call.function.arguments);
      },
    }).feed(text);
    expect(calls).toEqual(['{"city":"Paris","unit":"celsius"}', '{"city":"Tōkyō","unit":"celsius"}']);
  });
});
