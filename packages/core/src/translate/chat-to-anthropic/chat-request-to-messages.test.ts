import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../errors.js';
import { chatRequestToMessages, DEFAULT_MAX_TOKENS, EFFORT_BUDGETS } from './chat-request-to-messages.js';
import { reasoningEffort } from '../anthropic-messages/messages-request-to-chat.js';

const weather = { type: 'function', function: { name: 'weather', description: 'Weather for a place', parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] } } };

function refusal(body: unknown): InvalidRequestError {
  try {
    chatRequestToMessages(body);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRequestError);
    return error as InvalidRequestError;
  }
  throw new Error('expected a refusal');
}

describe('chatRequestToMessages', () => {
  it('takes system and developer messages out into system, and sends only fields Anthropic knows', () => {
    expect(chatRequestToMessages({ model: 'claude-x', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }], seed: 1, frequency_penalty: 0.5, store: true })).toEqual({
      model: 'claude-x',
      max_tokens: DEFAULT_MAX_TOKENS,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(chatRequestToMessages({ model: 'm', messages: [{ role: 'developer', content: [{ type: 'text', text: 'A' }] }, { role: 'user', content: 'Hi' }, { role: 'system', content: 'B' }] }).system).toEqual([
      { type: 'text', text: 'A' },
      { type: 'text', text: 'B' },
    ]);
  });

  it('turns a tool loop into tool_use and one user turn of tool_result blocks per run of tool messages', () => {
    const result = chatRequestToMessages({
      model: 'm',
      messages: [
        { role: 'user', content: 'Weather in SF and Tokyo?' },
        { role: 'assistant', content: 'Checking.', tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"location":"SF"}' } },
          { id: 'call_2', type: 'function', function: { name: 'weather', arguments: '' } },
        ] },
        { role: 'tool', tool_call_id: 'call_1', content: '18°C' },
        { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: '2' }, { type: 'text', text: '5°C' }] },
        { role: 'user', content: 'And in °F?' },
      ],
      tools: [weather],
    });
    expect(result.messages).toEqual([
      { role: 'user', content: 'Weather in SF and Tokyo?' },
      { role: 'assistant', content: [
        { type: 'text', text: 'Checking.' },
        { type: 'tool_use', id: 'call_1', name: 'weather', input: { location: 'SF' } },
        { type: 'tool_use', id: 'call_2', name: 'weather', input: {} },
      ] },
      { role: 'user', content: [
        { type: 'tool_result', tool_use_id: 'call_1', content: '18°C' },
        { type: 'tool_result', tool_use_id: 'call_2', content: '25°C' },
        { type: 'text', text: 'And in °F?' },
      ] },
    ]);
    expect(result.tools).toEqual([{ name: 'weather', description: 'Weather for a place', input_schema: weather.function.parameters }]);
  });

  it('maps images: a data URL to a base64 source, an http URL to a url source', () => {
    const result = chatRequestToMessages({ model: 'm', messages: [{ role: 'user', content: [
      { type: 'text', text: 'What is this?' },
      { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
      { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg', detail: 'high' } },
      { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'a.pdf' } },
    ] }] });
    expect(result.messages[0].content).toEqual([
      { type: 'text', text: 'What is this?' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
      { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' }, title: 'a.pdf' },
    ]);
    expect(refusal({ model: 'm', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'ftp://x/y.png' } }] }] }).param).toBe('messages.0.content.0.image_url.url');
    expect(refusal({ model: 'm', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png,raw' } }] }] }).param).toBe('messages.0.content.0.image_url.url');
    expect(refusal({ model: 'm', messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: {} }] }] }).param).toBe('messages.0.content.0');
  });

  it('maps tool_choice and parallel_tool_calls', () => {
    const choice = (tool_choice: unknown, extra: object = {}) => chatRequestToMessages({ model: 'm', messages: [{ role: 'user', content: 'x' }], tools: [weather], tool_choice, ...extra }).tool_choice;
    expect(choice('required')).toEqual({ type: 'any' });
    expect(choice('auto')).toEqual({ type: 'auto' });
    expect(choice('none')).toEqual({ type: 'none' });
    expect(choice({ type: 'function', function: { name: 'weather' } })).toEqual({ type: 'tool', name: 'weather' });
    expect(choice(undefined, { parallel_tool_calls: false })).toEqual({ type: 'auto', disable_parallel_tool_use: true });
    expect(choice('required', { parallel_tool_calls: false })).toEqual({ type: 'any', disable_parallel_tool_use: true });
    expect(choice(undefined, { parallel_tool_calls: true })).toBeUndefined();
    // without tools there is nothing to choose
    expect(chatRequestToMessages({ model: 'm', messages: [{ role: 'user', content: 'x' }], tool_choice: 'auto' })).not.toHaveProperty('tool_choice');
    expect(refusal({ model: 'm', messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'custom', custom: { name: 'x' } }] }).param).toBe('tools.0.type');
    // a function without parameters gets an empty object schema (Anthropic requires one)
    expect(chatRequestToMessages({ model: 'm', messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'function', function: { name: 'ping' } }] }).tools).toEqual([{ name: 'ping', input_schema: { type: 'object', properties: {} } }]);
  });

  it('maps the sampling fields, stop, stream and user', () => {
    expect(chatRequestToMessages({ model: 'm', messages: [{ role: 'user', content: 'x' }], max_tokens: 100, temperature: 0.2, top_p: 0.9, stop: 'END', stream: true, stream_options: { include_usage: true }, user: 'u-1' })).toEqual({
      model: 'm', max_tokens: 100, messages: [{ role: 'user', content: 'x' }], temperature: 0.2, top_p: 0.9, stop_sequences: ['END'], stream: true, metadata: { user_id: 'u-1' },
    });
    expect(chatRequestToMessages({ model: 'm', messages: [{ role: 'user', content: 'x' }], max_tokens: 100, max_completion_tokens: 50, stop: ['a', 'b'] })).toMatchObject({ max_tokens: 50, stop_sequences: ['a', 'b'] });
    expect(chatRequestToMessages({ model: 'm', messages: [{ role: 'user', content: 'x' }] }, { defaultMaxTokens: 777, model: 'claude-real' })).toMatchObject({ model: 'claude-real', max_tokens: 777 });
  });

  it('maps reasoning_effort to a thinking budget that the reverse translator reads as the same effort', () => {
    const thinking = (extra: object) => chatRequestToMessages({ model: 'm', messages: [{ role: 'user', content: 'x' }], ...extra });
    for (const effort of ['low', 'medium', 'high'] as const) {
      const result = thinking({ reasoning_effort: effort });
      expect(result.thinking).toEqual({ type: 'enabled', budget_tokens: EFFORT_BUDGETS[effort] });
      // no max_tokens: the budget plus the default room for the answer
      expect(result.max_tokens).toBe(EFFORT_BUDGETS[effort] + DEFAULT_MAX_TOKENS);
      expect(reasoningEffort({ thinking: result.thinking as never })).toBe(effort);
    }
    expect(thinking({ reasoning_effort: 'none' })).not.toHaveProperty('thinking');
    // the budget must stay below max_tokens, and at least 1024, or thinking stays off
    expect(thinking({ reasoning_effort: 'high', max_completion_tokens: 8000 })).toMatchObject({ max_tokens: 8000, thinking: { type: 'enabled', budget_tokens: 7999 } });
    expect(thinking({ reasoning_effort: 'low', max_tokens: 16 })).not.toHaveProperty('thinking');
    // Anthropic's own thinking object is taken as it is
    expect(thinking({ thinking: { type: 'enabled', budget_tokens: 2000 }, max_tokens: 5000 }).thinking).toEqual({ type: 'enabled', budget_tokens: 2000 });
    expect(thinking({ thinking: { type: 'disabled' }, reasoning_effort: 'high' }).thinking).toEqual({ type: 'disabled' });
  });

  it('keeps thinking on mid tool loop when the assistant turn carries its signed thinking_blocks (as LiteLLM clients send them), first in the turn', () => {
    const signed = [{ type: 'thinking', thinking: 'I should call the tool.', signature: 'sig-1' }, { type: 'redacted_thinking', data: 'opaque' }];
    const loop = (blocks: unknown, first: object = {}) => chatRequestToMessages({
      model: 'm',
      reasoning_effort: 'low',
      tools: [weather],
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: 'Earlier.', thinking_blocks: [{ type: 'thinking', thinking: 'Old.', signature: 'sig-0' }], ...first },
        { role: 'user', content: 'And now?' },
        { role: 'assistant', content: 'Checking.', reasoning_content: 'I should call the tool.', thinking_blocks: blocks, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
      ],
    });
    const result = loop(signed);
    expect(result.thinking).toEqual({ type: 'enabled', budget_tokens: EFFORT_BUDGETS.low });
    expect(result.messages[1]).toEqual({ role: 'assistant', content: [{ type: 'thinking', thinking: 'Old.', signature: 'sig-0' }, { type: 'text', text: 'Earlier.' }] });
    expect(result.messages[3]).toEqual({ role: 'assistant', content: [...signed, { type: 'text', text: 'Checking.' }, { type: 'tool_use', id: 'call_1', name: 'weather', input: {} }] });
    // an earlier turn whose blocks are not whole just goes without them
    expect(loop(signed, { thinking_blocks: [{ type: 'thinking', thinking: 'Old.' }] }).messages[1]).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'Earlier.' }] });
    // the turn that called the tools without every block whole (a signature lost, text lost, not a list, none): thinking off, no block sent
    for (const blocks of [[{ type: 'thinking', thinking: 'I should call the tool.' }], [{ type: 'thinking', thinking: '', signature: 'sig-1' }], [signed[0], { type: 'redacted_thinking' }], 'sig-1', [], undefined]) {
      const fallback = loop(blocks);
      expect(fallback, JSON.stringify(blocks)).not.toHaveProperty('thinking');
      expect(JSON.stringify(fallback.messages)).not.toContain('"type":"thinking"');
    }
    // without thinking asked for, the blocks stay home
    const off = chatRequestToMessages({ model: 'm', messages: [{ role: 'user', content: 'x' }, { role: 'assistant', content: 'y', thinking_blocks: signed }, { role: 'user', content: 'z' }] });
    expect(off).not.toHaveProperty('thinking');
    expect(off.messages[1]).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'y' }] });
  });

  it('leaves thinking off mid tool loop, where Anthropic would want the signed thinking blocks back', () => {
    const result = chatRequestToMessages({
      model: 'm',
      reasoning_effort: 'medium',
      tools: [weather],
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: null, reasoning_content: 'I should call the tool.', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
      ],
    });
    expect(result).not.toHaveProperty('thinking');
    expect(result.max_tokens).toBe(DEFAULT_MAX_TOKENS);
    // reasoning_content of an earlier turn is not sent (it has no signature)
    expect(JSON.stringify(result.messages)).not.toContain('I should call the tool.');
  });

  it('refuses what Anthropic cannot do, naming the field', () => {
    expect(refusal({ model: 'm', messages: [{ role: 'user', content: 'x' }], response_format: { type: 'json_schema', json_schema: { name: 'x', schema: {} } } })).toMatchObject({ status: 400, param: 'response_format', code: 'unsupported_parameter' });
    expect(refusal({ model: 'm', messages: [{ role: 'user', content: 'x' }], response_format: { type: 'json_object' } }).param).toBe('response_format');
    expect(chatRequestToMessages({ model: 'm', messages: [{ role: 'user', content: 'x' }], response_format: { type: 'text' } })).not.toHaveProperty('response_format');
    expect(refusal({ model: 'm', messages: [{ role: 'user', content: 'x' }], n: 2 }).param).toBe('n');
    expect(refusal({ model: 'm', messages: [{ role: 'user', content: 'x' }], logprobs: true }).param).toBe('logprobs');
    expect(refusal({ model: 'm', messages: [{ role: 'user', content: 'x' }], functions: [] }).param).toBe('functions');
    expect(refusal({ model: 'm', messages: [{ role: 'function', name: 'f', content: 'x' }] }).param).toBe('messages.0.role');
    expect(refusal({ model: 'm', messages: [{ role: 'robot', content: 'x' }] })).toMatchObject({ param: 'messages.0.role' });
    expect(refusal({ model: 'm', messages: [{ role: 'user', content: 'x' }], max_tokens: 0 }).param).toBe('max_tokens');
    expect(refusal({ model: 'm', messages: [{ role: 'tool', content: 'x' }] }).param).toBe('messages.0.tool_call_id');
  });

  it('drops empty text, merges consecutive turns of one role, and sends an empty tool result without content', () => {
    const result = chatRequestToMessages({ model: 'm', messages: [
      { role: 'user', content: [{ type: 'text', text: '' }, { type: 'text', text: 'A' }] },
      { role: 'user', content: 'B' },
      { role: 'assistant', content: '' , tool_calls: [{ id: 't', type: 'function', function: { name: 'f', arguments: 'not json' } }] },
      { role: 'tool', tool_call_id: 't', content: '' },
    ] });
    expect(result.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'A' }, { type: 'text', text: 'B' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'f', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't' }] },
    ]);
  });
});
