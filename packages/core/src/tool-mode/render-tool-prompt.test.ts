import { describe, expect, it } from 'vitest';
import { parseToolCalls } from './parse-tool-calls.js';
import { renderToolCall, renderToolPrompt } from './render-tool-prompt.js';

const weather = { type: 'function', function: { name: 'get_weather', description: 'Weather for a city.', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } };

describe('renderToolPrompt', () => {
  it('returns null when there are no tools and no tool history', () => {
    expect(renderToolPrompt({ model: 'm', messages: [{ role: 'user', content: 'hi' }] })).toBeNull();
  });

  it('moves tools into a new system prompt with the Hermes format and drops the native fields', () => {
    const body = { model: 'm', messages: [{ role: 'user', content: 'Weather in Paris?' }], tools: [weather], tool_choice: 'auto', parallel_tool_calls: true, temperature: 0.2 };
    const rendered = renderToolPrompt(body)!;
    expect(rendered.parse).toBe(true);
    expect(rendered.body).not.toHaveProperty('tools');
    expect(rendered.body).not.toHaveProperty('tool_choice');
    expect(rendered.body).not.toHaveProperty('parallel_tool_calls');
    expect(rendered.body.temperature).toBe(0.2);
    const [system, user] = rendered.body.messages as { role: string; content: string }[];
    expect(system.role).toBe('system');
    expect(system.content).toContain('<tools>');
    expect(system.content).toContain(JSON.stringify({ type: 'function', function: weather.function }));
    expect(system.content).toContain('<tool_call>\n{"name": <function-name>, "arguments": <args-json-object>}\n</tool_call>');
    expect(user).toEqual({ role: 'user', content: 'Weather in Paris?' });
    expect(body.messages).toHaveLength(1);
  });

  it('appends to an existing system prompt and asks for the Qwen3-Coder format when told', () => {
    const rendered = renderToolPrompt({ model: 'm', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'x' }], tools: [weather], tool_choice: 'required' }, 'qwen3-coder')!;
    const system = (rendered.body.messages as { content: string }[])[0].content;
    expect(system.startsWith('Be brief.\n\n# Tools')).toBe(true);
    expect(system).toContain('<function=example_function_name>');
    expect(system).toContain('You must call at least one function');
  });

  it('names a forced function and honours parallel_tool_calls false', () => {
    const rendered = renderToolPrompt({ model: 'm', messages: [], tools: [weather], tool_choice: { type: 'function', function: { name: 'get_weather' } }, parallel_tool_calls: false })!;
    const system = (rendered.body.messages as { content: string }[])[0].content;
    expect(system).toContain('You must call the function "get_weather"');
    expect(system).toContain('at most one function');
  });

  it('renders earlier tool calls and results as XML text, merging consecutive results into one user turn', () => {
    const rendered = renderToolPrompt({
      model: 'm',
      tools: [weather],
      messages: [
        { role: 'user', content: 'Paris and Rome?' },
        {
          role: 'assistant', content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
            { id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '18°C' },
        { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: '24°C' }] },
      ],
    })!;
    const messages = rendered.body.messages as { role: string; content: string }[];
    expect(messages.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(messages[2].content).toBe('<tool_call>\n{"name":"get_weather","arguments":{"city":"Paris"}}\n</tool_call>\n<tool_call>\n{"name":"get_weather","arguments":{"city":"Rome"}}\n</tool_call>');
    expect(messages[3].content).toBe('<tool_response>\n18°C\n</tool_response>\n<tool_response>\n24°C\n</tool_response>');
    expect(messages[2]).not.toHaveProperty('tool_calls');
  });

  it('renders history even when tools are no longer offered, and then does not parse', () => {
    const rendered = renderToolPrompt({
      model: 'm',
      tool_choice: 'none',
      tools: [weather],
      messages: [{ role: 'assistant', content: 'Let me look.', tool_calls: [{ id: 'c', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] }, { role: 'tool', tool_call_id: 'c', content: 'sunny' }],
    })!;
    expect(rendered.parse).toBe(false);
    const messages = rendered.body.messages as { role: string; content: string }[];
    expect(messages[0].content).toBe('Let me look.\n<tool_call>\n{"name":"get_weather","arguments":{}}\n</tool_call>');
    expect(messages.some((message) => message.role === 'system')).toBe(false);
  });

  it.each(['hermes', 'qwen3-coder'] as const)('renders a call (%s) that the parser reads back to the same call', (style) => {
    const original = { function: { name: 'edit', arguments: JSON.stringify({ path: 'a.ts', line: 3, text: 'x\ny', flags: { dry: true } }) } };
    const tools = [{ function: { name: 'edit', parameters: { properties: { path: { type: 'string' }, line: { type: 'integer' }, text: { type: 'string' }, flags: { type: 'object' } } } } }];
    const parsed = parseToolCalls(renderToolCall(original, style), { tools });
    expect(parsed).toEqual([{ type: 'tool_call', name: 'edit', arguments: original.function.arguments }]);
  });
});
