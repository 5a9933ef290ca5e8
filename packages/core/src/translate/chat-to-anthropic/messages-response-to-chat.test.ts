import { fixtureJson } from '@router/testkit';
import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../errors.js';
import { chatErrorFromAnthropic } from './anthropic-error.js';
import { messagesResponseToChat } from './messages-response-to-chat.js';

const now = () => 1_700_000_000;

describe('messagesResponseToChat', () => {
  it('translates the recorded text Message', () => {
    expect(messagesResponseToChat(JSON.parse(fixtureJson('anthropic-text')), { now })).toEqual({
      id: 'msg_01VdEjxAP5ahtHKrrRdNBteQ',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'claude-sonnet-4-5-20250929',
      choices: [{ index: 0, message: { role: 'assistant', content: "Hello! I'm doing well, thanks for asking. How are you doing today? Is there anything I can help you with?", refusal: null }, logprobs: null, finish_reason: 'stop' }],
      usage: { prompt_tokens: 12, completion_tokens: 29, total_tokens: 41, prompt_tokens_details: { cached_tokens: 0 } },
    });
  });

  it('translates thinking, parallel tool_use and cache usage (Anthropic\'s documented shape)', () => {
    const message = {
      id: 'msg_01X', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5',
      content: [
        { type: 'thinking', thinking: 'Two cities: two calls.', signature: 'EqQB…' },
        { type: 'redacted_thinking', data: 'xyz' },
        { type: 'text', text: 'Checking both.' },
        { type: 'tool_use', id: 'toolu_1', name: 'weather', input: { location: 'SF' } },
        { type: 'tool_use', id: 'toolu_2', name: 'weather', input: {} },
      ],
      stop_reason: 'tool_use', stop_sequence: null,
      usage: { input_tokens: 10, cache_creation_input_tokens: 5, cache_read_input_tokens: 100, output_tokens: 40 },
    };
    expect(messagesResponseToChat(message, { now })).toMatchObject({
      choices: [{ message: {
        role: 'assistant', content: 'Checking both.', reasoning_content: 'Two cities: two calls.',
        // signed, as LiteLLM gives them, for the client to send back
        thinking_blocks: [{ type: 'thinking', thinking: 'Two cities: two calls.', signature: 'EqQB…' }, { type: 'redacted_thinking', data: 'xyz' }],
        tool_calls: [
          { id: 'toolu_1', type: 'function', function: { name: 'weather', arguments: '{"location":"SF"}' } },
          { id: 'toolu_2', type: 'function', function: { name: 'weather', arguments: '{}' } },
        ],
      }, finish_reason: 'tool_calls' }],
      usage: { prompt_tokens: 115, completion_tokens: 40, total_tokens: 155, prompt_tokens_details: { cached_tokens: 100, cache_creation_input_tokens: 5 } },
    });
  });

  it.each([
    ['end_turn', 'stop'], ['stop_sequence', 'stop'], ['max_tokens', 'length'], ['tool_use', 'tool_calls'], ['refusal', 'content_filter'], ['pause_turn', 'stop'], ['model_context_window_exceeded', 'length'], [null, 'stop'],
  ])('maps stop_reason %s to finish_reason %s', (stopReason, finish) => {
    expect(messagesResponseToChat({ content: [{ type: 'text', text: 'x' }], stop_reason: stopReason }, { now }).choices[0].finish_reason).toBe(finish);
  });

  it('a tool-only answer has content null; a body that is not a Message is a 502', () => {
    expect(messagesResponseToChat({ content: [{ type: 'tool_use', id: 't', name: 'f', input: {} }], stop_reason: 'tool_use' }, { now, generateId: () => 'chatcmpl-1', model: 'asked' })).toMatchObject({ id: 'chatcmpl-1', model: 'asked', choices: [{ message: { content: null } }] });
    expect(() => messagesResponseToChat({ error: 'nope' })).toThrow(UpstreamError);
  });
});

describe('chatErrorFromAnthropic', () => {
  it('529 overloaded becomes a 503 upstream_overloaded, with the request id in the message', () => {
    expect(chatErrorFromAnthropic(529, '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_011"}')).toEqual({
      status: 503,
      body: { error: { message: 'Overloaded (request_id req_011)', type: 'overloaded_error', param: null, code: 'upstream_overloaded' } },
    });
  });

  it('keeps other statuses and names Anthropic\'s type', () => {
    expect(chatErrorFromAnthropic(429, '{"type":"error","error":{"type":"rate_limit_error","message":"Slow down"}}')).toEqual({ status: 429, body: { error: { message: 'Slow down', type: 'rate_limit_error', param: null, code: 'rate_limit_error' } } });
    expect(chatErrorFromAnthropic(400, '{"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: too large"}}').body.error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_request_error' });
    // another vendor's shape, and text that is not JSON
    expect(chatErrorFromAnthropic(500, '{"error":{"message":"boom"}}').body.error).toEqual({ message: 'boom', type: 'api_error', param: null, code: 'upstream_500' });
    expect(chatErrorFromAnthropic(502, '<html>Bad gateway</html>').body.error.message).toBe('<html>Bad gateway</html>');
  });
});
