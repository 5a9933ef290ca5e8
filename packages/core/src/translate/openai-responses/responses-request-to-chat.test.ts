/** Responses requests → chat completions requests: every field, the tool kinds, history and the 400s. */
import { describe, expect, it } from 'vitest';
import { RouterError } from '../../errors.js';
import type { ChatCompletionBody } from '../../spec/adapter.js';
import { itemReferenceIds, responsesRequestToChat, type ResponsesRequestOptions } from './responses-request-to-chat.js';
import { withReasoningFor } from '../shared/reasoning-history.js';

const weather = { type: 'function', name: 'weather', description: 'Weather for a place', parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] }, strict: false };

function refusal(body: unknown, options?: ResponsesRequestOptions): { status: number; param: string | null; message: string } {
  try {
    responsesRequestToChat(body, options);
  } catch (error) {
    if (RouterError.isInstance(error)) return { status: error.status, param: error.param, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('responsesRequestToChat', () => {
  it('translates a string input with instructions and the sampling settings', () => {
    const { chat, input, dropped } = responsesRequestToChat({
      model: 'gpt-test', instructions: 'Be brief.', input: 'Hi', max_output_tokens: 100, temperature: 0.5, top_p: 0.9, user: 'u-1', stream: true, store: false, metadata: { a: 'b' },
    });
    const body: ChatCompletionBody = chat;
    expect(body).toEqual({
      model: 'gpt-test',
      messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }],
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 100,
      temperature: 0.5,
      top_p: 0.9,
      user: 'u-1',
    });
    expect(input).toEqual([{ type: 'message', role: 'user', content: 'Hi' }]);
    expect(dropped).toEqual([]);
  });

  it('translates message items: roles, text parts, images, files; the leading system messages as one', () => {
    const { chat } = responsesRequestToChat({
      model: 'm',
      instructions: 'Be brief.',
      input: [
        { role: 'developer', content: 'Rules.' },
        { type: 'message', role: 'system', content: [{ type: 'input_text', text: 'More rules.' }] },
        { role: 'user', content: [{ type: 'input_text', text: 'One' }, { type: 'input_text', text: 'Two' }] },
        { role: 'user', content: [{ type: 'input_text', text: 'Look' }, { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'low' }, { type: 'input_file', file_data: 'data:application/pdf;base64,BBBB', filename: 'a.pdf' }] },
        { role: 'assistant', content: [{ type: 'output_text', text: 'Seen.' }] },
        { type: 'message', role: 'assistant', status: 'completed', id: 'msg_1', content: [{ type: 'output_text', text: ' More.', annotations: [] }] },
        { role: 'developer', content: 'Late rule.' },
      ],
    });
    expect(chat.messages).toEqual([
      { role: 'system', content: 'Be brief.\n\nRules.\n\nMore rules.' },
      { role: 'user', content: 'One\n\nTwo' },
      { role: 'user', content: [{ type: 'text', text: 'Look' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'low' } }, { type: 'file', file: { file_data: 'data:application/pdf;base64,BBBB', filename: 'a.pdf' } }] },
      { role: 'assistant', content: 'Seen. More.' },
      { role: 'system', content: 'Late rule.' },
    ]);
    expect(chat).not.toHaveProperty('stream');
  });

  it('translates a tool loop given as full input: text and calls of one turn in one assistant message, outputs as tool messages, reasoning as its text (sent only where taken back)', () => {
    const { chat, droppedItems } = responsesRequestToChat({
      model: 'm',
      tools: [weather],
      input: [
        { role: 'user', content: 'Weather in Paris and Rome?' },
        { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Two calls.' }], encrypted_content: 'xyz' },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Checking.' }] },
        { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'weather', arguments: '{"location":"Paris"}' },
        { type: 'function_call', id: 'fc_2', call_id: 'call_2', name: 'weather', arguments: '{"location":"Rome"}' },
        { type: 'function_call_output', call_id: 'call_1', output: 'sunny' },
        { type: 'function_call_output', call_id: 'call_2', output: [{ type: 'input_text', text: 'rain' }, { type: 'input_image', image_url: 'https://example.com/radar.png' }] },
        { role: 'user', content: 'Thanks' },
      ],
    });
    expect(chat.messages[1]).toMatchObject({ role: 'assistant', reasoning_content: 'Two calls.' });
    expect(withReasoningFor(chat, 'reasoning_content')).toBe(chat);
    expect(withReasoningFor(chat, null).messages).toEqual([
      { role: 'user', content: 'Weather in Paris and Rome?' },
      { role: 'assistant', content: 'Checking.', tool_calls: [
        { id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"location":"Paris"}' } },
        { id: 'call_2', type: 'function', function: { name: 'weather', arguments: '{"location":"Rome"}' } },
      ] },
      { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
      { role: 'tool', tool_call_id: 'call_2', content: 'rain' },
      // An image in a tool output cannot be in a tool message: it follows the run of tool messages.
      { role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/radar.png' } }] },
      { role: 'user', content: 'Thanks' },
    ]);
    expect(droppedItems).toEqual([]);
    // a reasoning item with no text is left out whatever the provider
    const bare = responsesRequestToChat({ model: 'm', input: [{ role: 'user', content: 'Hi' }, { type: 'reasoning', id: 'rs_2', summary: [], encrypted_content: 'gAAAA' }, { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Hello' }] }] });
    expect(bare.chat.messages[1]).toEqual({ role: 'assistant', content: 'Hello' });
    expect(bare.droppedItems).toEqual(['reasoning']);
  });

  it('joins assistant text that follows the turn\'s calls (as a stream may order them) to the same assistant message', () => {
    const { chat } = responsesRequestToChat({
      model: 'm',
      input: [
        { role: 'user', content: 'Go' },
        { type: 'function_call', call_id: 'call_1', name: 'f', arguments: '{}' },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Calling f.' }] },
        { type: 'function_call_output', call_id: 'call_1', output: 'ok' },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Done.' }] },
      ],
    });
    expect(chat.messages.slice(1)).toEqual([
      { role: 'assistant', content: 'Calling f.', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: 'ok' },
      { role: 'assistant', content: 'Done.' },
    ]);
  });

  it('keeps calls of a custom tool from an earlier turn as function calls, drops calls of hosted tools, reads a failed output given as {content, success}', () => {
    const { chat, droppedItems } = responsesRequestToChat({
      model: 'm',
      input: [
        { role: 'user', content: 'Patch it' },
        { type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search', query: 'x' } },
        { type: 'custom_tool_call', call_id: 'c1', name: 'apply_patch', input: '*** Begin Patch' },
        { type: 'custom_tool_call_output', call_id: 'c1', output: 'Done' },
        { type: 'function_call', call_id: 'c2', name: 'shell', arguments: '{"command":["false"]}' },
        { type: 'function_call_output', call_id: 'c2', output: { content: 'exit 1', success: false } },
      ],
    });
    expect(chat.messages.slice(1)).toEqual([
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'apply_patch', arguments: '{"input":"*** Begin Patch"}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: 'Done' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c2', type: 'function', function: { name: 'shell', arguments: '{"command":["false"]}' } }] },
      // Earlier Codex versions sent a failure as {content, success: false}.
      { role: 'tool', tool_call_id: 'c2', content: 'Error: exit 1' },
    ]);
    expect(droppedItems).toEqual(['web_search_call']);
  });

  it('translates function tools, tool_choice and parallel_tool_calls', () => {
    const { chat } = responsesRequestToChat({ model: 'm', input: 'x', tools: [weather, { type: 'function', name: 'strict_one', parameters: { type: 'object' }, strict: true }], tool_choice: { type: 'function', name: 'weather' }, parallel_tool_calls: false });
    expect(chat.tools).toEqual([
      { type: 'function', function: { name: 'weather', description: 'Weather for a place', parameters: weather.parameters } },
      { type: 'function', function: { name: 'strict_one', parameters: { type: 'object' }, strict: true } },
    ]);
    expect(chat.tool_choice).toEqual({ type: 'function', function: { name: 'weather' } });
    expect(chat.parallel_tool_calls).toBe(false);
    for (const choice of ['auto', 'none', 'required'] as const) expect(responsesRequestToChat({ model: 'm', input: 'x', tools: [weather], tool_choice: choice }).chat.tool_choice).toBe(choice);
    // Without tools, tool settings are not sent (OpenAI refuses them).
    expect(responsesRequestToChat({ model: 'm', input: 'x', tool_choice: 'auto', parallel_tool_calls: true }).chat).not.toHaveProperty('tool_choice');
  });

  it('flattens namespace tools to unique function names and maps history and tool_choice to them', () => {
    const translation = responsesRequestToChat({
      model: 'm',
      tools: [
        { type: 'function', name: 'crm__find', parameters: { type: 'object' } },
        { type: 'namespace', name: 'crm', description: 'CRM tools', tools: [
          { type: 'function', name: 'find', description: 'Find a customer', parameters: { type: 'object', properties: { q: { type: 'string' } } } },
          { type: 'function', name: 'create', parameters: { type: 'object' } },
          { type: 'custom', name: 'note', description: 'Free text' },
        ] },
        { type: 'namespace', name: 'mcp.server/x', tools: [{ type: 'function', name: 'a'.repeat(70), parameters: { type: 'object' } }] },
      ],
      tool_choice: { type: 'function', name: 'create', namespace: 'crm' },
      input: [
        { role: 'user', content: 'Find Ada' },
        { type: 'function_call', call_id: 'call_1', name: 'find', namespace: 'crm', arguments: '{"q":"Ada"}' },
        { type: 'function_call_output', call_id: 'call_1', output: '[]' },
      ],
    });
    const names = translation.chat.tools!.map((tool) => tool.function.name);
    // The client's own `crm__find` keeps its name; the namespaced `find` gets another.
    expect(names.slice(0, 4)).toEqual(['crm__find', 'crm__find_2', 'crm__create', 'crm__note']);
    expect(names[4]).toHaveLength(64);
    expect(names[4]).toMatch(/^mcp_server_x__a+$/);
    expect(translation.toolNames).toEqual({
      crm__find_2: { namespace: 'crm', name: 'find' }, crm__create: { namespace: 'crm', name: 'create' }, crm__note: { namespace: 'crm', name: 'note', custom: true },
      [names[4]]: { namespace: 'mcp.server/x', name: 'a'.repeat(70) },
    });
    expect(translation.chat.tool_choice).toEqual({ type: 'function', function: { name: 'crm__create' } });
    expect(translation.chat.messages[1]).toEqual({ role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'crm__find_2', arguments: '{"q":"Ada"}' } }] });
    expect(translation.dropped).toEqual([]);
    // The echo keeps the namespace as the client sent it.
    expect((translation.tools[1] as { tools: unknown[] }).tools).toHaveLength(3);
  });

  it('drops hosted tools by default and names them, or refuses them with refuseHostedTools', () => {
    const tools = [{ type: 'web_search' }, weather, { type: 'file_search', vector_store_ids: ['vs_1'] }, { type: 'web_search' }, { type: 'local_shell' }, { type: 'image_generation' }];
    const { chat, dropped, tools: offered } = responsesRequestToChat({ model: 'm', input: 'x', tools });
    expect(dropped).toEqual(['web_search', 'file_search', 'local_shell', 'image_generation']);
    expect(chat.tools!.map((tool) => tool.function.name)).toEqual(['weather']);
    expect(offered).toEqual([weather]);
    expect(refusal({ model: 'm', input: 'x', tools }, { refuseHostedTools: true })).toMatchObject({ status: 400, param: 'tools.0', message: expect.stringContaining('"web_search"') });
    // Only hosted tools: nothing is sent, and tool settings with them.
    expect(responsesRequestToChat({ model: 'm', input: 'x', tools: [{ type: 'web_search_preview' }], tool_choice: 'auto' }).chat).not.toHaveProperty('tools');
  });

  it('refuses a tool_choice that forces a tool the router cannot offer', () => {
    expect(refusal({ model: 'm', input: 'x', tools: [weather, { type: 'web_search' }], tool_choice: { type: 'web_search' } })).toMatchObject({ status: 400, param: 'tool_choice' });
    expect(refusal({ model: 'm', input: 'x', tools: [weather], tool_choice: { type: 'function', name: 'other' } })).toMatchObject({ status: 400, param: 'tool_choice.name' });
    expect(refusal({ model: 'm', input: 'x', tools: [{ type: 'web_search' }], tool_choice: 'required' })).toMatchObject({ status: 400, param: 'tool_choice' });
    expect(refusal({ model: 'm', input: 'x', tools: [weather], tool_choice: 'sometimes' })).toMatchObject({ status: 400, param: 'tool_choice' });
  });

  it('translates reasoning.effort and text.format', () => {
    expect(responsesRequestToChat({ model: 'm', input: 'x', reasoning: { effort: 'low', summary: 'auto' } }).chat.reasoning_effort).toBe('low');
    expect(responsesRequestToChat({ model: 'm', input: 'x', reasoning: { effort: 'max' } }).chat.reasoning_effort).toBe('xhigh');
    expect(responsesRequestToChat({ model: 'm', input: 'x', reasoning: { summary: 'auto' } }).chat).not.toHaveProperty('reasoning_effort');
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false };
    expect(responsesRequestToChat({ model: 'm', input: 'x', text: { format: { type: 'json_schema', name: 'city', schema, strict: true } } }).chat.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'city', schema, strict: true } });
    expect(responsesRequestToChat({ model: 'm', input: 'x', text: { format: { type: 'json_object' } } }).chat.response_format).toEqual({ type: 'json_object' });
    expect(responsesRequestToChat({ model: 'm', input: 'x', text: { format: { type: 'text' }, verbosity: 'low' } }).chat).not.toHaveProperty('response_format');
  });

  it('prepends the previous response and resolves item references through it', () => {
    const previous = {
      input: [{ type: 'message', role: 'user', content: 'Weather in Paris?' }],
      output: [
        { type: 'reasoning', id: 'rs_1', summary: [] },
        { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'weather', arguments: '{"location":"Paris"}', status: 'completed' },
      ],
    };
    const turn = { model: 'm', previous_response_id: 'resp_1', instructions: 'New rules.', tools: [weather], input: [{ type: 'function_call_output', call_id: 'call_1', output: 'sunny' }] };
    const { chat, input } = responsesRequestToChat(turn, { previous });
    expect(chat.messages).toEqual([
      { role: 'system', content: 'New rules.' },
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"location":"Paris"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
    ]);
    // What to keep for the next turn: the whole conversation, instructions not included (they do not carry over).
    expect(input).toEqual([...previous.input, ...previous.output, turn.input[0]]);

    // A reference resolves in place, through the previous response or the items the caller looked up.
    const referenced = responsesRequestToChat({ model: 'm', input: [{ role: 'user', content: 'Again:' }, { id: 'msg_7' }, { type: 'item_reference', id: 'fc_1' }] }, { lookupItem: (id) => ({ fc_1: previous.output[1], msg_7: { type: 'message', id: 'msg_7', role: 'assistant', content: [{ type: 'output_text', text: 'Hello' }] } } as Record<string, unknown>)[id] });
    expect(referenced.chat.messages).toEqual([
      { role: 'user', content: 'Again:' },
      { role: 'assistant', content: 'Hello', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"location":"Paris"}' } }] },
    ]);
    expect(referenced.input.slice(1)).toEqual([expect.objectContaining({ id: 'msg_7' }), previous.output[1]]);
    const throughPrevious = responsesRequestToChat({ model: 'm', previous_response_id: 'resp_1', input: [{ type: 'item_reference', id: 'rs_1' }, { role: 'user', content: 'Hi' }] }, { previous });
    expect(throughPrevious.chat.messages.at(-1)).toEqual({ role: 'user', content: 'Hi' });
    expect(throughPrevious.input.at(-2)).toEqual(previous.output[0]);
    expect(refusal({ model: 'm', input: [{ type: 'item_reference', id: 'fc_9' }] }, { previous })).toMatchObject({ status: 400, param: 'input.0.id' });
    expect(itemReferenceIds({ input: [{ role: 'user', content: 'Again:' }, { id: 'msg_7' }, { type: 'item_reference', id: 'fc_1' }] })).toEqual(['msg_7', 'fc_1']);
    expect(itemReferenceIds({ input: 'x' })).toEqual([]);
    // A reasoning item that cannot be found is dropped, as reasoning always is.
    const unknownReasoning = responsesRequestToChat({ model: 'm', input: [{ type: 'item_reference', id: 'rs_unknown' }, { role: 'user', content: 'Hi' }] });
    expect(unknownReasoning).toMatchObject({ chat: { messages: [{ role: 'user', content: 'Hi' }] }, droppedItems: ['reasoning'], input: [{ role: 'user', content: 'Hi' }] });
    expect(refusal({ model: 'm', previous_response_id: 'resp_9', input: 'x' })).toMatchObject({ status: 400, param: 'previous_response_id' });
  });

  it.each([
    [null, ''],
    [{ input: 'x' }, 'model'],
    [{ model: 'm', input: 3 }, 'input'],
    [{ model: 'm', input: [] }, 'input'],
    [{ model: 'm', input: 'x', temperature: 3 }, 'temperature'],
    [{ model: 'm', input: 'x', max_output_tokens: 0 }, 'max_output_tokens'],
    [{ model: 'm', input: 'x', reasoning: { effort: 'extreme' } }, 'reasoning.effort'],
    [{ model: 'm', input: 'x', text: { format: { type: 'json_schema', schema: {} } } }, 'text.format.name'],
    [{ model: 'm', input: [{ role: 'robot', content: 'x' }] }, 'input.0.role'],
    [{ model: 'm', input: [{ role: 'user', content: [{ type: 'input_audio', input_audio: {} }] }] }, 'input.0.content.0.type'],
    [{ model: 'm', input: [{ role: 'user', content: [{ type: 'input_image', file_id: 'file_1' }] }] }, 'input.0.content.0.file_id'],
    [{ model: 'm', input: [{ role: 'assistant', content: [{ type: 'input_image', image_url: 'https://x' }] }] }, 'input.0.content.0'],
    [{ model: 'm', input: [{ type: 'function_call', name: 'f', arguments: '{}' }] }, 'input.0.call_id'],
    [{ model: 'm', input: [{ type: 'hologram' }] }, 'input.0.type'],
    [{ model: 'm', input: ['x'] }, 'input.0'],
    [{ model: 'm', input: 'x', tools: [{ type: 'function' }] }, 'tools.0.name'],
    [{ model: 'm', input: 'x', tools: [weather, weather] }, 'tools.1.name'],
    [{ model: 'm', input: 'x', tools: [{ name: 'f' }] }, 'tools.0.type'],
    [{ model: 'm', input: 'x', background: true }, 'background'],
    [{ model: 'm', input: 'x', conversation: 'conv_1' }, 'conversation'],
    [{ model: 'm', input: 'x', prompt: { id: 'pmpt_1' } }, 'prompt'],
  ])('refuses %j with a 400 naming %s', (body, param) => {
    expect(refusal(body)).toMatchObject({ status: 400, param: param === '' ? null : param });
  });

  it('ignores fields it does not translate', () => {
    const { chat } = responsesRequestToChat({ model: 'm', input: 'x', include: ['reasoning.encrypted_content'], truncation: 'auto', prompt_cache_key: 'k', service_tier: 'flex', store: true, stream: false, text: { verbosity: 'low' } });
    expect(chat).toEqual({ model: 'm', messages: [{ role: 'user', content: 'x' }] });
  });
});
