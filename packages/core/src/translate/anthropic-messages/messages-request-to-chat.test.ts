/** Anthropic Messages requests (as Claude Code and @anthropic-ai/sdk send them) → chat completions requests. */
import { describe, expect, it } from 'vitest';
import { InvalidRequestError, RouterError } from '../../errors.js';
import { messagesRequestToChat, reasoningEffort } from './messages-request-to-chat.js';
import { withReasoningFor } from '../shared/reasoning-history.js';

const weatherSchema = { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] };

describe('messagesRequestToChat', () => {
  it('translates a whole agent turn: system, images, tools, tool use and results, thinking, sampling, metadata, stream', () => {
    const chat = messagesRequestToChat({
      model: 'claude-sonnet-4-5',
      max_tokens: 32_000,
      system: [{ type: 'text', text: 'You are an agent.', cache_control: { type: 'ephemeral' } }, { type: 'text', text: 'Be brief.' }],
      messages: [
        { role: 'user', content: [
          { type: 'text', text: '<system-reminder>context</system-reminder>' },
          { type: 'text', text: 'Weather in Paris and Berlin? See the map.' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
          { type: 'image', source: { type: 'url', url: 'https://example.com/map.png' } },
        ] },
        { role: 'assistant', content: [
          { type: 'thinking', thinking: 'Two lookups.', signature: 'sig' },
          { type: 'text', text: 'Checking both.' },
          { type: 'tool_use', id: 'toolu_1', name: 'weather', input: { location: 'Paris' } },
          { type: 'tool_use', id: 'toolu_2', name: 'weather', input: { location: 'Berlin' } },
        ] },
        { role: 'user', content: [
          { type: 'tool_result', tool_use_id: 'toolu_1', content: 'Sunny, 21°C' },
          { type: 'tool_result', tool_use_id: 'toolu_2', is_error: true, content: [{ type: 'text', text: 'Service down' }, { type: 'text', text: 'retry later' }] },
          { type: 'text', text: 'Summarise.' },
        ] },
      ],
      tools: [{ name: 'weather', description: 'Weather for a place', input_schema: weatherSchema, cache_control: { type: 'ephemeral' } }],
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
      thinking: { type: 'enabled', budget_tokens: 10_000 },
      stop_sequences: ['###'],
      temperature: 1,
      top_p: 0.9,
      top_k: 40,
      metadata: { user_id: 'user_abc' },
      stream: true,
    });
    expect(chat).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 32_000,
      stream: true,
      stream_options: { include_usage: true },
      temperature: 1,
      top_p: 0.9,
      stop: ['###'],
      user: 'user_abc',
      reasoning_effort: 'medium',
      tools: [{ type: 'function', function: { name: 'weather', description: 'Weather for a place', parameters: weatherSchema } }],
      tool_choice: 'auto',
      parallel_tool_calls: false,
      messages: [
        { role: 'system', content: 'You are an agent.\n\nBe brief.' },
        { role: 'user', content: [
          { type: 'text', text: '<system-reminder>context</system-reminder>' },
          { type: 'text', text: 'Weather in Paris and Berlin? See the map.' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          { type: 'image_url', image_url: { url: 'https://example.com/map.png' } },
        ] },
        { role: 'assistant', content: 'Checking both.', reasoning_content: 'Two lookups.', tool_calls: [
          { id: 'toolu_1', type: 'function', function: { name: 'weather', arguments: '{"location":"Paris"}' } },
          { id: 'toolu_2', type: 'function', function: { name: 'weather', arguments: '{"location":"Berlin"}' } },
        ] },
        { role: 'tool', tool_call_id: 'toolu_1', content: 'Sunny, 21°C' },
        { role: 'tool', tool_call_id: 'toolu_2', content: 'Error: Service down\n\nretry later' },
        { role: 'user', content: 'Summarise.' },
      ],
    });
  });

  it('keeps a system turn inside the conversation in place (Claude Code 2.1 sends its environment that way), text only', () => {
    const chat = messagesRequestToChat({
      model: 'm', max_tokens: 10, system: 'Top.',
      messages: [
        { role: 'user', content: 'Context' },
        { role: 'system', content: [{ type: 'text', text: '# Environment' }, { type: 'text', text: 'Linux', cache_control: { type: 'ephemeral' } }] },
        { role: 'user', content: 'Hi' },
        { role: 'system', content: 'Be brief.' },
      ],
    });
    expect(chat.messages).toEqual([
      { role: 'system', content: 'Top.' },
      { role: 'user', content: 'Context' },
      { role: 'system', content: '# Environment\n\nLinux' },
      { role: 'user', content: 'Hi' },
      { role: 'system', content: 'Be brief.' },
    ]);
    const refused = (() => {
      try {
        messagesRequestToChat({ model: 'm', max_tokens: 10, messages: [{ role: 'system', content: [{ type: 'image', source: { type: 'url', url: 'http://x/y.png' } }] }] });
      } catch (error) {
        return error as InvalidRequestError;
      }
    })();
    expect(refused).toBeInstanceOf(InvalidRequestError);
    expect(refused?.param).toBe('messages.0.content.0.type');
  });

  it('sends text-only content as one string and a string content as it is', () => {
    const chat = messagesRequestToChat({ model: 'm', max_tokens: 10, system: 'Be kind.', messages: [
      { role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] },
      { role: 'assistant', content: 'c' },
      { role: 'user', content: 'd' },
    ] });
    expect(chat.messages).toEqual([
      { role: 'system', content: 'Be kind.' },
      { role: 'user', content: 'a\n\nb' },
      { role: 'assistant', content: 'c' },
      { role: 'user', content: 'd' },
    ]);
    expect(chat).not.toHaveProperty('stream');
  });

  it('puts tool results first, images from a result in the user message after them, and drops empty assistant turns', () => {
    const chat = messagesRequestToChat({ model: 'm', max_tokens: 10, messages: [
      { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'screenshot', input: {} }] },
      { role: 'user', content: [
        { type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: 'taken' }, { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/' } }] },
        { type: 'text', text: 'What do you see?' },
      ] },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'hm', signature: 's' }, { type: 'redacted_thinking', data: 'x' }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't0' }] },
    ] });
    expect(chat.messages).toEqual([
      { role: 'assistant', content: null, tool_calls: [{ id: 't1', type: 'function', function: { name: 'screenshot', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 't1', content: 'taken' },
      { role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/' } }, { type: 'text', text: 'What do you see?' }] },
      { role: 'tool', tool_call_id: 't0', content: '' },
    ]);
  });


  it('keeps the thinking text as reasoning_content on its turn, which only a provider that takes it back is sent (withReasoningFor)', () => {
    const body = { model: 'm', max_tokens: 10, messages: [
      { role: 'user', content: 'Weather?' },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'Call the ', signature: '' }, { type: 'thinking', thinking: 'tool.', signature: '' }, { type: 'redacted_thinking', data: 'x' }, { type: 'tool_use', id: 't1', name: 'weather', input: { city: 'Paris' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'sunny' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Sunny.' }] },
    ] };
    const call = { id: 't1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } };
    const chat = messagesRequestToChat(body);
    expect(chat.messages[1]).toEqual({ role: 'assistant', content: null, tool_calls: [call], reasoning_content: 'Call the tool.' });
    expect(withReasoningFor(chat, 'reasoning_content')).toBe(chat);
    expect(withReasoningFor(chat, null).messages[1]).toEqual({ role: 'assistant', content: null, tool_calls: [call] });
    const kept = chat.messages;
    // a turn without thinking gets no field
    expect(kept[3]).toEqual({ role: 'assistant', content: 'Sunny.' });
  });
  it('translates documents: a PDF as a file part, text as text', () => {
    const chat = messagesRequestToChat({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: [
      { type: 'document', title: 'spec.pdf', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' } },
      { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'plain words' } },
    ] }] });
    expect(chat.messages[0]).toEqual({ role: 'user', content: [
      { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'spec.pdf' } },
      { type: 'text', text: 'plain words' },
    ] });
  });

  it.each([
    [{ type: 'auto' }, 'auto'],
    [{ type: 'any' }, 'required'],
    [{ type: 'tool', name: 'weather' }, { type: 'function', function: { name: 'weather' } }],
    [{ type: 'none' }, 'none'],
  ])('maps tool_choice %j', (toolChoice, expected) => {
    const chat = messagesRequestToChat({ model: 'm', max_tokens: 10, messages: [], tools: [{ name: 'weather', input_schema: weatherSchema }], tool_choice: toolChoice });
    expect(chat.tool_choice).toEqual(expected);
    expect(chat).not.toHaveProperty('parallel_tool_calls');
  });

  it('sends structured output (output_config.format, or the beta\'s output_format) as a json_schema response_format', () => {
    const schema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false };
    for (const request of [{ output_config: { format: { type: 'json_schema', schema } } }, { output_format: { type: 'json_schema', schema } }, { output_config: { effort: 'low', format: { type: 'json_schema', schema } } }]) {
      const chat = messagesRequestToChat({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'x' }], ...request });
      expect(chat.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'response', schema } });
    }
    expect(messagesRequestToChat({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'x' }], output_config: { effort: 'low' } })).not.toHaveProperty('response_format');
    const invalidFormat = (format: unknown) => () => messagesRequestToChat({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'x' }], output_config: { format } });
    expect(invalidFormat({ type: 'json_object' })).toThrow(expect.objectContaining({ status: 400, param: 'output_config.format.type' }));
    expect(invalidFormat({ type: 'json_schema', schema: 'no' })).toThrow(expect.objectContaining({ status: 400, param: 'output_config.format.schema' }));
  });

  it('sends no tool_choice or parallel_tool_calls without tools (OpenAI refuses them)', () => {
    const chat = messagesRequestToChat({ model: 'm', max_tokens: 10, messages: [], tools: [], tool_choice: { type: 'any', disable_parallel_tool_use: true } });
    expect(chat).not.toHaveProperty('tools');
    expect(chat).not.toHaveProperty('tool_choice');
    expect(chat).not.toHaveProperty('parallel_tool_calls');
  });

  it.each([
    [{ thinking: { type: 'enabled', budget_tokens: 1024 } }, 'low'],
    [{ thinking: { type: 'enabled', budget_tokens: 4000 } }, 'low'],
    [{ thinking: { type: 'enabled', budget_tokens: 4096 } }, 'low'],
    [{ thinking: { type: 'enabled', budget_tokens: 10_000 } }, 'medium'],
    [{ thinking: { type: 'enabled', budget_tokens: 16_384 } }, 'medium'],
    [{ thinking: { type: 'enabled', budget_tokens: 31_999 } }, 'high'],
    [{ thinking: { type: 'enabled' } }, 'medium'],
    [{ thinking: { type: 'disabled' } }, undefined],
    [{ thinking: { type: 'adaptive' } }, undefined],
    [{ thinking: { type: 'adaptive' }, output_config: { effort: 'max' } }, 'high'],
    [{ thinking: { type: 'enabled', budget_tokens: 31_999 }, output_config: { effort: 'low' } }, 'low'],
    [{ thinking: { type: 'disabled' }, output_config: { effort: 'high' } }, undefined],
    [{}, undefined],
  ])('maps %j to reasoning_effort %s', (request, effort) => {
    expect(reasoningEffort(request)).toBe(effort);
    const chat = messagesRequestToChat({ model: 'm', max_tokens: 10, messages: [], ...request });
    if (effort === undefined) expect(chat).not.toHaveProperty('reasoning_effort');
    else expect(chat.reasoning_effort).toBe(effort);
  });

  const valid = { model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] };
  it.each([
    ['a body that is not an object', [], null, 'JSON object'],
    ['a missing max_tokens', { model: 'm', messages: [] }, 'max_tokens', 'max_tokens: Field required'],
    ['a missing model', { max_tokens: 1, messages: [] }, 'model', 'model: Field required'],
    ['messages that are not an array', { ...valid, messages: 'hi' }, 'messages', 'messages'],
    ['a tool role in messages', { ...valid, messages: [{ role: 'tool', content: 'x' }] }, 'messages.0.role', 'role must be'],
    ['an unknown block type', { ...valid, messages: [{ role: 'user', content: [{ type: 'container_upload', file_id: 'f' }] }] }, 'messages.0.content.0.type', '"container_upload" is not supported'],
    ['an image from the Files API', { ...valid, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'file', file_id: 'f' } }] }] }, 'messages.0.content.0.source.type', 'file ids are not supported'],
    ['a tool_use in a user turn', { ...valid, messages: [{ role: 'user', content: [{ type: 'tool_use', id: 't', name: 'n', input: {} }] }] }, 'messages.0.content.0', 'belong in assistant messages'],
    ['a tool_result in an assistant turn', { ...valid, messages: [{ role: 'assistant', content: [{ type: 'tool_result', tool_use_id: 't' }] }] }, 'messages.0.content.0', 'belong in user messages'],
    ['an Anthropic built-in tool', { ...valid, tools: [{ type: 'web_search_20250305', name: 'web_search' }] }, 'tools.0', 'web_search_20250305'],
    ['a temperature above 1', { ...valid, temperature: 1.5 }, 'temperature', 'temperature'],
    ['a bad tool_choice', { ...valid, tool_choice: { type: 'sometimes' } }, 'tool_choice.type', 'must be "auto", "any", "tool" or "none"'],
  ])('refuses %s with a 400 invalid_request_error naming the field', (_, body, param, message) => {
    let thrown: unknown;
    try {
      messagesRequestToChat(body);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidRequestError);
    const error = thrown as RouterError;
    expect({ status: error.status, type: error.type, param: error.param }).toEqual({ status: 400, type: 'invalid_request_error', param });
    expect(error.message).toContain(message);
  });
});
