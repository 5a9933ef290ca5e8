/** Recorded chat completion bodies → Anthropic Messages. */
import { fixtureJson } from '@router/testkit';
import { describe, expect, it } from 'vitest';
import { RouterError } from '../../errors.js';
import { chatResponseToMessages } from './chat-response-to-messages.js';

const recorded = (name: string) => JSON.parse(fixtureJson(name));
const ids = () => {
  let next = 0;
  return () => `gen${++next}`;
};

describe('chatResponseToMessages', () => {
  it('translates a text answer (OpenAI) with the client\'s model name and usage', () => {
    const body = recorded('openai-text');
    const message = chatResponseToMessages(body, 'claude-sonnet-4-5', { generateId: ids() });
    expect(message).toEqual({
      id: 'msg_gen1',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [{ type: 'text', text: body.choices[0].message.content }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 16, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 363 },
    });
  });

  it('puts reasoning first as a thinking block (DashScope reasoning_content)', () => {
    const body = recorded('dashscope-reasoning');
    const message = chatResponseToMessages(body, 'm');
    expect(message.content.map((block) => block.type)).toEqual(['thinking', 'text']);
    expect(message.content[0]).toEqual({ type: 'thinking', thinking: body.choices[0].message.reasoning_content, signature: '' });
    expect(message.usage.output_tokens).toBe(1668);
  });

  it('gives every message its own id, whatever id the upstream gave (Claude Code merges messages that share one)', () => {
    const generateId = ids();
    const body = { id: 'c1', choices: [{ message: { content: 'A' }, finish_reason: 'stop' }] };
    expect([chatResponseToMessages(body, 'm', { generateId }).id, chatResponseToMessages(body, 'm', { generateId }).id, chatResponseToMessages({ ...body, id: '' }, 'm', { generateId }).id]).toEqual(['msg_gen1', 'msg_gen2', 'msg_gen3']);
  });

  it('reads `reasoning` as OpenRouter and vLLM name it', () => {
    const message = chatResponseToMessages({ choices: [{ message: { content: 'B', reasoning: 'A' }, finish_reason: 'stop' }] }, 'm', { generateId: ids() });
    expect(message.content).toEqual([{ type: 'thinking', thinking: 'A', signature: '' }, { type: 'text', text: 'B' }]);
    expect(message.id).toBe('msg_gen1');
  });

  it('translates a tool call with reasoning and cached prompt tokens (DeepSeek)', () => {
    const body = recorded('deepseek-tool-call');
    const message = chatResponseToMessages(body, 'm');
    const call = body.choices[0].message.tool_calls[0];
    // The empty content string makes no text block.
    expect(message.content.map((block) => block.type)).toEqual(['thinking', 'tool_use']);
    expect(message.content[1]).toEqual({ type: 'tool_use', id: call.id, name: 'weather', input: JSON.parse(call.function.arguments) });
    expect(message.stop_reason).toBe('tool_use');
    // prompt_tokens 339 include 320 cached: Anthropic counts them apart.
    expect(message.usage).toEqual({ input_tokens: 19, cache_creation_input_tokens: 0, cache_read_input_tokens: 320, output_tokens: 92 });
  });

  it.each(['groq-tool-call', 'dashscope-tool-call', 'xai-tool-call'])('translates the tool call of %s', (name) => {
    const body = recorded(name);
    const message = chatResponseToMessages(body, 'm');
    const call = body.choices[0].message.tool_calls[0];
    expect(message.content.at(-1)).toEqual({ type: 'tool_use', id: call.id, name: call.function.name, input: JSON.parse(call.function.arguments) });
    expect(message.stop_reason).toBe('tool_use');
  });

  it('counts xAI reasoning tokens in output_tokens (xAI leaves them out of completion_tokens)', () => {
    const message = chatResponseToMessages(recorded('xai-tool-call'), 'm');
    expect(message.usage).toEqual({ input_tokens: 63, cache_creation_input_tokens: 0, cache_read_input_tokens: 244, output_tokens: 26 + 255 });
  });

  it('reads empty or invalid tool arguments as {} and the legacy function_call as a tool call', () => {
    const message = chatResponseToMessages({
      id: 'msg_x',
      choices: [{ message: { content: null, tool_calls: [
        { id: 'a', type: 'function', function: { name: 'none', arguments: '' } },
        { id: 'b', type: 'function', function: { name: 'broken', arguments: '{"cut' } },
      ], function_call: { name: 'legacy', arguments: '{"x":1}' } }, finish_reason: 'function_call' }],
    }, 'm', { generateId: ids() });
    expect(message.id).toBe('msg_gen2');
    expect(message.content).toEqual([
      { type: 'tool_use', id: 'a', name: 'none', input: {} },
      { type: 'tool_use', id: 'b', name: 'broken', input: {} },
      { type: 'tool_use', id: 'toolu_gen1', name: 'legacy', input: { x: 1 } },
    ]);
    expect(message.stop_reason).toBe('tool_use');
  });

  it.each([
    ['stop', false, 'end_turn'],
    ['stop', true, 'tool_use'],
    [null, true, 'tool_use'],
    ['length', false, 'max_tokens'],
    ['length', true, 'max_tokens'],
    ['tool_calls', true, 'tool_use'],
    ['content_filter', false, 'refusal'],
  ])('maps finish_reason %s (tool calls: %s) to %s', (finish, withTool, stop) => {
    const tool_calls = withTool ? [{ id: 'c', type: 'function', function: { name: 't', arguments: '{}' } }] : undefined;
    expect(chatResponseToMessages({ choices: [{ message: { content: 'x', tool_calls }, finish_reason: finish }] }, 'm').stop_reason).toBe(stop);
  });

  it('reports stop_sequence when the upstream names a requested stop string, end_turn when it cannot be known', () => {
    const hit = { choices: [{ message: { content: 'x' }, finish_reason: 'stop', stop_reason: '###' }] };
    expect(chatResponseToMessages(hit, 'm', { stopSequences: ['###'] })).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: '###' });
    expect(chatResponseToMessages(hit, 'm', { stopSequences: ['END'] })).toMatchObject({ stop_reason: 'end_turn', stop_sequence: null });
    // vLLM reports a stop *token id* as a number there: not a stop sequence.
    expect(chatResponseToMessages({ choices: [{ message: { content: 'x' }, finish_reason: 'stop', stop_reason: 128009 }] }, 'm', { stopSequences: ['###'] }).stop_reason).toBe('end_turn');
  });

  it('translates an OpenAI refusal to a refusal', () => {
    const message = chatResponseToMessages({ choices: [{ message: { content: null, refusal: 'I cannot help with that.' }, finish_reason: 'stop' }] }, 'm');
    expect(message).toMatchObject({ content: [{ type: 'text', text: 'I cannot help with that.' }], stop_reason: 'refusal' });
  });

  it('reads DashScope cache writes and Groq usage', () => {
    const usage = { prompt_tokens: 100, completion_tokens: 5, prompt_tokens_details: { cached_tokens: 40, cache_creation_input_tokens: 50 } };
    expect(chatResponseToMessages({ choices: [{ message: { content: 'x' } }], usage }, 'm').usage).toEqual({ input_tokens: 10, cache_creation_input_tokens: 50, cache_read_input_tokens: 40, output_tokens: 5 });
    expect(chatResponseToMessages({ choices: [{ message: { content: 'x' } }], x_groq: { usage: { prompt_tokens: 7, completion_tokens: 3 } } }, 'm').usage.output_tokens).toBe(3);
  });

  it.each([[null], [{}], [{ choices: [] }], [{ choices: [{ finish_reason: 'stop' }] }]])('refuses a body that is no chat completion: %j', (body) => {
    let thrown: unknown;
    try {
      chatResponseToMessages(body, 'm');
    } catch (error) {
      thrown = error;
    }
    expect(RouterError.isInstance(thrown) && thrown.status).toBe(502);
  });
});
