/** Recorded chat completion bodies → Response objects. */
import { fixtureJson } from '@router/testkit';
import { describe, expect, it } from 'vitest';
import { RouterError } from '../../errors.js';
import { chatResponseToResponses } from './chat-response-to-responses.js';
import { responsesRequestToChat } from './responses-request-to-chat.js';

const recorded = (name: string) => JSON.parse(fixtureJson(name));
const weather = { type: 'function', name: 'weather', parameters: { type: 'object', properties: { location: { type: 'string' } } }, strict: false };

function options() {
  let next = 0;
  return { generateId: () => `gen${++next}`, now: () => 1_764_500_000_123 };
}

const plain = responsesRequestToChat({ model: 'gpt-client', input: 'Hi' });
const withTools = responsesRequestToChat({ model: 'gpt-client', input: 'Weather?', tools: [weather, { type: 'web_search' }], tool_choice: 'auto', instructions: 'Be brief.', metadata: { run: '7' }, temperature: 0.2, max_output_tokens: 500, reasoning: { effort: 'low' }, store: false });

describe('chatResponseToResponses', () => {
  it('translates a text answer (OpenAI) into a completed Response with the API\'s defaults echoed', () => {
    const body = recorded('openai-text');
    expect(chatResponseToResponses(body, plain, options())).toEqual({
      id: 'resp_gen1',
      object: 'response',
      created_at: 1_764_500_000,
      status: 'completed',
      completed_at: 1_764_500_000,
      background: false,
      error: null,
      incomplete_details: null,
      instructions: null,
      max_output_tokens: null,
      max_tool_calls: null,
      model: 'gpt-client',
      output: [{ type: 'message', id: 'msg_gen2', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: body.choices[0].message.content, annotations: [], logprobs: [] }] }],
      parallel_tool_calls: true,
      previous_response_id: null,
      reasoning: { effort: null, summary: null },
      service_tier: 'default',
      store: true,
      temperature: 1,
      text: { format: { type: 'text' }, verbosity: 'medium' },
      tool_choice: 'auto',
      tools: [],
      top_logprobs: 0,
      top_p: 1,
      truncation: 'disabled',
      usage: { input_tokens: 16, input_tokens_details: { cached_tokens: 0 }, output_tokens: 363, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 379 },
      user: null,
      metadata: {},
    });
  });

  it('echoes the request\'s settings and the tools offered (not the dropped ones)', () => {
    const response = chatResponseToResponses(recorded('openai-text'), withTools, { ...options(), responseId: 'resp_fixed' });
    expect(response).toMatchObject({ id: 'resp_fixed', instructions: 'Be brief.', metadata: { run: '7' }, temperature: 0.2, max_output_tokens: 500, reasoning: { effort: 'low', summary: null }, store: false, tools: [weather], tool_choice: 'auto' });
  });

  it('puts reasoning first as a reasoning item with one summary text (DashScope reasoning_content)', () => {
    const body = recorded('dashscope-reasoning');
    const response = chatResponseToResponses(body, plain, options());
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
    expect(response.output[0]).toEqual({ type: 'reasoning', id: 'rs_gen2', summary: [{ type: 'summary_text', text: body.choices[0].message.reasoning_content }] });
    expect(response.usage).toEqual({ input_tokens: 24, input_tokens_details: { cached_tokens: 0 }, output_tokens: 1668, output_tokens_details: { reasoning_tokens: 1353 }, total_tokens: 1692 });
  });

  it('translates a tool call with reasoning and cached prompt tokens (DeepSeek)', () => {
    const body = recorded('deepseek-tool-call');
    const response = chatResponseToResponses(body, withTools, options());
    const call = body.choices[0].message.tool_calls[0];
    // The empty content string makes no message item.
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'function_call']);
    expect(response.output[1]).toEqual({ type: 'function_call', id: 'fc_gen3', status: 'completed', call_id: call.id, name: 'weather', arguments: call.function.arguments });
    expect(response.status).toBe('completed');
    // Responses counts cached tokens inside input_tokens, unlike Anthropic.
    expect(response.usage).toEqual({ input_tokens: 339, input_tokens_details: { cached_tokens: 320 }, output_tokens: 92, output_tokens_details: { reasoning_tokens: 48 }, total_tokens: 431 });
  });

  it.each(['groq-tool-call', 'dashscope-tool-call', 'xai-tool-call'])('translates the tool call of %s', (name) => {
    const body = recorded(name);
    const call = body.choices[0].message.tool_calls[0];
    expect(chatResponseToResponses(body, withTools, options()).output.at(-1)).toMatchObject({ type: 'function_call', call_id: call.id, name: call.function.name, arguments: call.function.arguments, status: 'completed' });
  });

  it('counts xAI reasoning tokens in output_tokens (xAI leaves them out of completion_tokens)', () => {
    expect(chatResponseToResponses(recorded('xai-tool-call'), plain, options()).usage).toEqual({ input_tokens: 307, input_tokens_details: { cached_tokens: 244 }, output_tokens: 26 + 255, output_tokens_details: { reasoning_tokens: 255 }, total_tokens: 588 });
  });

  it('maps a namespaced call back to its namespace and name, and gives empty arguments as {}', () => {
    const context = responsesRequestToChat({ model: 'm', input: 'x', tools: [{ type: 'namespace', name: 'crm', description: 'CRM', tools: [{ type: 'function', name: 'find', parameters: { type: 'object' } }] }] });
    const response = chatResponseToResponses({ choices: [{ message: { content: null, tool_calls: [
      { id: 'call_a', type: 'function', function: { name: 'crm__find', arguments: '' } },
      { id: 'call_b', type: 'function', function: { name: 'unknown_fn', arguments: '{"x":1}' } },
    ] }, finish_reason: 'tool_calls' }] }, context, options());
    expect(response.output).toEqual([
      { type: 'function_call', id: 'fc_gen2', status: 'completed', call_id: 'call_a', name: 'find', namespace: 'crm', arguments: '{}' },
      { type: 'function_call', id: 'fc_gen3', status: 'completed', call_id: 'call_b', name: 'unknown_fn', arguments: '{"x":1}' },
    ]);
  });

  it('reads the legacy function_call and gives a call without an id one', () => {
    const response = chatResponseToResponses({ choices: [{ message: { content: null, function_call: { name: 'weather', arguments: '{"location":"Rome"}' } }, finish_reason: 'function_call' }] }, withTools, options());
    expect(response.output).toEqual([{ type: 'function_call', id: 'fc_gen2', status: 'completed', call_id: 'call_gen3', name: 'weather', arguments: '{"location":"Rome"}' }]);
  });

  it.each([
    ['length', 'max_output_tokens'],
    ['content_filter', 'content_filter'],
  ])('reports finish_reason %s as an incomplete response (%s), its last item incomplete', (finish, reason) => {
    const response = chatResponseToResponses({ choices: [{ message: { content: 'Cut he' }, finish_reason: finish }] }, plain, options());
    expect(response).toMatchObject({ status: 'incomplete', incomplete_details: { reason }, completed_at: null, output: [{ type: 'message', status: 'incomplete' }] });
  });

  it('translates an OpenAI refusal to a refusal part', () => {
    const response = chatResponseToResponses({ choices: [{ message: { content: null, refusal: 'I cannot help with that.' }, finish_reason: 'stop' }] }, plain, options());
    expect(response.output).toEqual([{ type: 'message', id: 'msg_gen2', status: 'completed', role: 'assistant', content: [{ type: 'refusal', refusal: 'I cannot help with that.' }] }]);
  });

  it('reads Groq\'s x_groq usage and reports zeros when there is none', () => {
    expect(chatResponseToResponses({ choices: [{ message: { content: 'x' } }], x_groq: { usage: { prompt_tokens: 7, completion_tokens: 3 } } }, plain, options()).usage?.total_tokens).toBe(10);
    expect(chatResponseToResponses({ choices: [{ message: { content: 'x' } }] }, plain, options()).usage).toEqual({ input_tokens: 0, input_tokens_details: { cached_tokens: 0 }, output_tokens: 0, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 0 });
  });

  it.each([[null], [{}], [{ choices: [] }], [{ choices: [{ finish_reason: 'stop' }] }]])('refuses a body that is no chat completion with a 502: %j', (body) => {
    let thrown: unknown;
    try {
      chatResponseToResponses(body, plain);
    } catch (error) {
      thrown = error;
    }
    expect(RouterError.isInstance(thrown) && thrown.status).toBe(502);
  });
});
