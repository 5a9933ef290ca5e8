import { describe, expect, it } from 'vitest';
import { createToolCallParser, parseToolCalls, type ParsedPart, type ToolDefinition } from './parse-tool-calls.js';

const weatherTool: ToolDefinition = {
  type: 'function',
  function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' }, zip: { type: 'string' }, opts: { type: 'object' } } } },
};

const call = (name: string, args: Record<string, unknown>): ParsedPart => ({ type: 'tool_call', name, arguments: JSON.stringify(args) });
const text = (value: string): ParsedPart => ({ type: 'text', text: value });

/** Both styles, several calls, text around them, malformed input: what the whole text parses to. */
const table: { name: string; input: string; expected: ParsedPart[]; tools?: ToolDefinition[] }[] = [
  { name: 'plain text passes through, trailing newline kept', input: 'Hello there.\n', expected: [text('Hello there.\n')] },
  { name: 'hermes call alone', input: '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call>', expected: [call('get_weather', { city: 'Paris' })] },
  {
    name: 'hermes: text before, two calls, text after',
    input: 'Checking both.\n\n<tool_call>\n{"name": "a", "arguments": {"x": 1}}\n</tool_call>\n<tool_call>\n{"name": "b", "arguments": {}}\n</tool_call>\n\nDone.',
    expected: [text('Checking both.'), call('a', { x: 1 }), call('b', {}), text('Done.')],
  },
  { name: 'hermes arguments given as JSON text', input: '<tool_call>{"name": "a", "arguments": "{\\"x\\": 2}"}</tool_call>', expected: [{ type: 'tool_call', name: 'a', arguments: '{"x": 2}' }] },
  { name: 'hermes "parameters" key and a json fence', input: '<tool_call>\n```json\n{"name": "a", "parameters": {"q": "z"}}\n```\n</tool_call>', expected: [call('a', { q: 'z' })] },
  {
    name: 'qwen3-coder call typed by the tool schema',
    tools: [weatherTool],
    input: '<tool_call>\n<function=get_weather>\n<parameter=city>\nSan Francisco\n</parameter>\n<parameter=days>\n3\n</parameter>\n<parameter=zip>\n02134\n</parameter>\n<parameter=opts>\n{"metric": true}\n</parameter>\n</function>\n</tool_call>',
    expected: [call('get_weather', { city: 'San Francisco', days: 3, zip: '02134', opts: { metric: true } })],
  },
  {
    name: 'qwen3-coder without a schema: JSON-looking values are parsed, words stay strings',
    input: 'Sure.\n<tool_call>\n<function=run>\n<parameter=cmd>\nls -la\n</parameter>\n<parameter=timeout>\n30\n</parameter>\n</function>\n</tool_call>\nRunning it now.',
    expected: [text('Sure.'), call('run', { cmd: 'ls -la', timeout: 30 }), text('Running it now.')],
  },
  {
    name: 'qwen3-coder multi-line string value keeps inner newlines',
    input: '<tool_call><function=write><parameter=content>\nline 1\nline 2\n</parameter></function></tool_call>',
    expected: [call('write', { content: 'line 1\nline 2' })],
  },
  { name: 'bare <function=…> without the tool_call wrapper', input: '<function=ping>\n</function>', expected: [call('ping', {})] },
  {
    name: 'both styles in one answer',
    input: '<tool_call>{"name": "a", "arguments": {}}</tool_call><tool_call><function=b><parameter=k>v</parameter></function></tool_call>',
    expected: [call('a', {}), call('b', { k: 'v' })],
  },
  { name: 'malformed JSON passes through as text', input: 'x <tool_call>{"name": oops}</tool_call> y', expected: [text('x <tool_call>{"name": oops}</tool_call> y')] },
  { name: 'missing name passes through as text', input: '<tool_call>{"arguments": {}}</tool_call>', expected: [text('<tool_call>{"arguments": {}}</tool_call>')] },
  { name: 'unclosed tag at the end passes through as text', input: 'Wait <tool_call>{"name": "a"', expected: [text('Wait <tool_call>{"name": "a"')] },
  { name: 'a partial tag at the end passes through', input: 'half a tag <tool_ca', expected: [text('half a tag <tool_ca')] },
  { name: 'look-alike tags are text', input: 'use <tool_calls> or <functional> or <tool>', expected: [text('use <tool_calls> or <functional> or <tool>')] },
  { name: 'garbage inside a coder call is malformed', input: '<tool_call><function=a>junk<parameter=k>v</parameter></function></tool_call>', expected: [text('<tool_call><function=a>junk<parameter=k>v</parameter></function></tool_call>')] },
  {
    name: 'malformed then valid',
    input: 'A <tool_call>nope</tool_call> B\n<tool_call>{"name": "ok", "arguments": {}}</tool_call>',
    expected: [text('A <tool_call>nope</tool_call> B'), call('ok', {})],
  },
];

function merge(parts: ParsedPart[]): ParsedPart[] {
  const out: ParsedPart[] = [];
  for (const part of parts) {
    const last = out.at(-1);
    if (part.type === 'text' && last?.type === 'text') last.text += part.text;
    else out.push({ ...part });
  }
  return out;
}

describe('parseToolCalls', () => {
  it.each(table)('$name', ({ input, expected, tools }) => {
    expect(parseToolCalls(input, { tools })).toEqual(expected);
  });

  it.each(table)('gives the same parts when split at every position: $name', ({ input, expected, tools }) => {
    for (let cut = 0; cut <= input.length; cut++) {
      const parser = createToolCallParser({ tools });
      const parts = merge([...parser.push(input.slice(0, cut)), ...parser.push(input.slice(cut)), ...parser.end()]);
      expect(parts, `cut at ${cut}`).toEqual(expected);
    }
  });

  it.each(table)('gives the same parts fed one character at a time: $name', ({ input, expected, tools }) => {
    const parser = createToolCallParser({ tools });
    const parts: ParsedPart[] = [];
    for (const character of input) parts.push(...parser.push(character));
    expect(merge([...parts, ...parser.end()])).toEqual(expected);
  });

  it('never emits a tag fragment as text before knowing what it is', () => {
    const parser = createToolCallParser();
    expect(parser.push('Hi <tool')).toEqual([text('Hi')]);
    expect(parser.push('_call>{"name":"a","arguments":{}}')).toEqual([]);
    expect(parser.push('</tool_call>')).toEqual([call('a', {})]);
    expect(parser.toolCalls).toBe(1);
  });

  it('gives an over-long unclosed call back as text', () => {
    const parser = createToolCallParser({ maxCallLength: 50 });
    const parts = parser.push(`<tool_call>${'x'.repeat(60)}`);
    expect(parts).toEqual([text(`<tool_call>${'x'.repeat(60)}`)]);
  });
});
