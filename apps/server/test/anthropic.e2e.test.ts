/**
 * The `anthropic` provider type end to end: the built server process, a fake Anthropic API on
 * 127.0.0.1 replaying recorded (and constructed, see the fixtures README) Anthropic bytes, a
 * provider configured through the REST API, and the real `openai` client calling chat
 * completions, streaming and not, through a tool loop; the request log shows what was assembled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { anthropicSseFrames, fixtureChunks, fixtureJson, fixtureThinkingBlocks, startFakeUpstream, startServerProcess, tempDir, waitFor, type FakeUpstream, type Reply, type SeenRequest, type ServerProcess } from '@router/testkit';
import { e2eDatabase } from '@router/testkit/database';

const ADMIN = 'admin-e2e-key-0123456789';
const CLIENT = 'client-e2e-key-9876543210';
const ANTHROPIC_KEY = 'sk-ant-e2e-canary-0123456789abcdef';
const MODELS = JSON.stringify({ data: [{ type: 'model', id: 'claude-sonnet-4-5-20250929', display_name: 'Claude Sonnet 4.5', created_at: '2025-09-29T00:00:00Z' }], has_more: false, first_id: 'claude-sonnet-4-5-20250929', last_id: 'claude-sonnet-4-5-20250929' });

let anthropic: FakeUpstream;
let server: ServerProcess;
let client: OpenAI;
/** What the fake Anthropic API answers next, in order (a Messages request takes the first). */
const replies: Reply[] = [];

async function admin(method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: JSON.parse(text), text };
}

const TOP_LEVEL = new Set(['model', 'max_tokens', 'messages', 'system', 'stream', 'temperature', 'top_p', 'top_k', 'stop_sequences', 'tools', 'tool_choice', 'thinking', 'metadata']);

/** What Anthropic would refuse in a Messages body (the fields this router sends). */
function messagesBodyProblems(body: any): string[] {
  const problems: string[] = [];
  if (typeof body?.model !== 'string' || body.model.length === 0) problems.push('model');
  if (!Number.isInteger(body?.max_tokens) || body.max_tokens < 1) problems.push('max_tokens');
  for (const key of Object.keys(body ?? {})) if (!TOP_LEVEL.has(key)) problems.push(`unknown field ${key}`);
  if (!Array.isArray(body?.messages) || body.messages.length === 0) return [...problems, 'messages'];
  body.messages.forEach((message: any, index: number) => {
    if (message.role !== (index % 2 === 0 ? 'user' : 'assistant')) problems.push(`messages.${index}.role`);
    const blocks = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
    if (!Array.isArray(blocks) || blocks.length === 0) problems.push(`messages.${index}.content`);
    for (const block of blocks ?? []) {
      if (block.type === 'text' && !block.text) problems.push(`messages.${index}: empty text`);
      if (block.type === 'tool_use' && (typeof block.input !== 'object' || !block.id || !block.name)) problems.push(`messages.${index}: tool_use`);
      if (block.type === 'tool_result' && message.role !== 'user') problems.push(`messages.${index}: tool_result outside a user turn`);
    }
  });
  // every tool_use is answered by a tool_result in the next turn
  body.messages.forEach((message: any, index: number) => {
    if (message.role !== 'assistant' || typeof message.content === 'string') return;
    const next = body.messages[index + 1];
    for (const block of message.content.filter((inner: any) => inner.type === 'tool_use')) {
      if (next && !next.content.some((inner: any) => inner.type === 'tool_result' && inner.tool_use_id === block.id)) problems.push(`tool_use ${block.id} unanswered`);
    }
  });
  return problems;
}

/** The signatures of the thinking blocks the fake Anthropic API has sent (what it accepts back). */
/** The fixture's signed and redacted thinking blocks, whole. */
const [signed, redacted] = fixtureThinkingBlocks('anthropic-thinking-tool') as [{ type: 'thinking'; thinking: string; signature: string }, { type: 'redacted_thinking'; data: string }];
const SIGNATURES = new Set([signed.signature]);

/**
 * What Anthropic says of a request with thinking on whose last assistant turn called tools without
 * starting with its thinking (or whose thinking block carries a signature it did not make); null when it is fine.
 */
function thinkingRefusal(body: any): string | null {
  if (body?.thinking?.type !== 'enabled' || !Array.isArray(body.messages)) return null;
  const index = body.messages.findLastIndex((message: any) => message.role === 'assistant');
  const content = body.messages[index]?.content;
  if (!Array.isArray(content) || !content.some((block: any) => block.type === 'tool_use')) return null;
  const first = content[0];
  if (first?.type !== 'thinking' && first?.type !== 'redacted_thinking') {
    return `messages.${index}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${first?.type}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceeding the lastmost set of \`tool_use\` and \`tool_result\` blocks).`;
  }
  for (const [position, block] of content.entries()) if (block.type === 'thinking' && !SIGNATURES.has(block.signature)) return `messages.${index}.content.${position}: Invalid \`signature\` in \`thinking\` block`;
  return null;
}

const messagesRequests = () => anthropic.requests.filter((request) => request.method === 'POST' && request.url === '/v1/messages');
const lastMessages = (): SeenRequest => messagesRequests().at(-1)!;

const weather = { type: 'function' as const, function: { name: 'get_weather', description: 'Weather for a place', parameters: { type: 'object', properties: { location: { type: 'string' }, unit: { type: 'string' } }, required: ['location'] } } };
const getTime = { type: 'function' as const, function: { name: 'get_time', description: 'The local time', parameters: { type: 'object', properties: {} } } };

beforeAll(async () => {
  const dir = tempDir();
  anthropic = await startFakeUpstream({
    chat: (request) => {
      if (request.method === 'GET' && request.url.startsWith('/v1/models')) return { kind: 'json', body: MODELS };
      const refusal = thinkingRefusal(request.json);
      if (refusal) return { kind: 'json', status: 400, body: JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message: refusal }, request_id: 'req_e2e_thinking' }) };
      return replies.shift() ?? { kind: 'json', status: 500, body: '{"type":"error","error":{"type":"api_error","message":"no reply scripted"}}' };
    },
  });
  server = await startServerProcess({ DATABASE_URL: await e2eDatabase(dir), ADMIN_API_KEY: ADMIN, ROUTER_API_KEYS: CLIENT, CONFIG_POLL_MS: '60000' }, dir);
  client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: CLIENT, maxRetries: 0 });
  expect((await admin('POST', '/v1/providers', { id: 'claude', type: 'anthropic', config: { baseURL: anthropic.url, apiKey: ANTHROPIC_KEY } })).status).toBe(201);
  expect((await admin('PUT', '/v1/mappings/claude-sonnet', { targets: [{ providerId: 'claude', model: 'claude-sonnet-4-5-20250929' }] })).status).toBe(200);
  expect((await admin('PUT', '/v1/settings/active-provider', { providerId: 'claude' })).status).toBe(200);
});

afterAll(async () => {
  await server?.stop();
  await anthropic?.close();
});

describe('an anthropic provider serving OpenAI chat clients', () => {
  it('is configured through the REST API with its key masked, and refused without a key for api.anthropic.com', async () => {
    const provider = await admin('GET', '/v1/providers/claude');
    expect(provider.json).toMatchObject({ id: 'claude', type: 'anthropic', config: { apiKey: expect.stringMatching(/^••••/) } });
    expect(provider.text).not.toContain(ANTHROPIC_KEY);
    const refused = await admin('POST', '/v1/providers', { id: 'nokey', type: 'anthropic', config: {} });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({ param: 'config.apiKey' });
  });

  it('chat.completions.create: a translated request upstream, the recorded Message translated back', async () => {
    replies.push({ kind: 'json', body: fixtureJson('anthropic-text') });
    const completion = await client.chat.completions.create({ model: 'claude-sonnet', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello, how are you?' }], max_tokens: 300 });
    expect(completion.choices[0]).toMatchObject({ finish_reason: 'stop', message: { role: 'assistant', content: "Hello! I'm doing well, thanks for asking. How are you doing today? Is there anything I can help you with?" } });
    expect(completion.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 29, total_tokens: 41 });
    const seen = lastMessages();
    expect(seen.headers).toMatchObject({ 'x-api-key': ANTHROPIC_KEY, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' });
    expect(seen.headers.authorization).toBeUndefined();
    expect(messagesBodyProblems(seen.json)).toEqual([]);
    expect(seen.json).toEqual({ model: 'claude-sonnet-4-5-20250929', max_tokens: 300, system: 'Be brief.', messages: [{ role: 'user', content: 'Hello, how are you?' }] });
  });

  it('a streamed tool loop: parallel tool calls, the results sent back as tool_result blocks, then the final answer', async () => {
    replies.push({ kind: 'sse', frames: anthropicSseFrames(fixtureChunks('anthropic-parallel-tools')) }, { kind: 'sse', frames: anthropicSseFrames(fixtureChunks('anthropic-text')) });
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Weather in San Francisco and Tokyo, and the time?' }];
    const first = await client.chat.completions.stream({ model: 'claude-sonnet', messages, tools: [weather, getTime], stream_options: { include_usage: true } }).finalChatCompletion();
    expect(lastMessages().headers.accept).toBe('text/event-stream');
    expect(messagesBodyProblems(lastMessages().json)).toEqual([]);
    expect(lastMessages().json).toMatchObject({ stream: true, tools: [{ name: 'get_weather' }, { name: 'get_time' }] });
    const message = first.choices[0].message;
    expect(first.choices[0].finish_reason).toBe('tool_calls');
    expect(message.tool_calls?.map((call) => call.type === 'function' && [call.id, call.function.name, JSON.parse(call.function.arguments)])).toEqual([
      ['toolu_01A09q90qw90lq917835lq9', 'get_weather', { location: 'San Francisco, CA', unit: 'fahrenheit' }],
      ['toolu_01B19r91rx91mr028946mr0', 'get_weather', { location: 'Tokyo, Japan', unit: 'celsius' }],
      ['toolu_01C29s92sy92ns139057ns1', 'get_time', {}],
    ]);
    expect(first.usage).toMatchObject({ prompt_tokens: 612 + 128 + 2048, completion_tokens: 151, prompt_tokens_details: { cached_tokens: 2048 } });

    messages.push(message as OpenAI.ChatCompletionMessageParam);
    for (const call of message.tool_calls ?? []) messages.push({ role: 'tool', tool_call_id: call.id, content: call.type === 'function' && call.function.name === 'get_time' ? '09:00' : '18°C' });
    const stream = await client.chat.completions.create({ model: 'claude-sonnet', messages, tools: [weather, getTime], stream: true });
    let text = '';
    let finish: string | null = null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(text).toBe("Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?");
    expect(finish).toBe('stop');
    const second = lastMessages().json;
    expect(messagesBodyProblems(second)).toEqual([]);
    expect(second.messages.slice(1)).toEqual([
      { role: 'assistant', content: [
        { type: 'text', text: "I'll check both cities at once." },
        { type: 'tool_use', id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', input: { location: 'San Francisco, CA', unit: 'fahrenheit' } },
        { type: 'tool_use', id: 'toolu_01B19r91rx91mr028946mr0', name: 'get_weather', input: { location: 'Tokyo, Japan', unit: 'celsius' } },
        { type: 'tool_use', id: 'toolu_01C29s92sy92ns139057ns1', name: 'get_time', input: {} },
      ] },
      { role: 'user', content: [
        { type: 'tool_result', tool_use_id: 'toolu_01A09q90qw90lq917835lq9', content: '18°C' },
        { type: 'tool_result', tool_use_id: 'toolu_01B19r91rx91mr028946mr0', content: '18°C' },
        { type: 'tool_result', tool_use_id: 'toolu_01C29s92sy92ns139057ns1', content: '09:00' },
      ] },
    ]);
  });

  it('a non-streaming tool loop: tool_use → tool result → final answer', async () => {
    const toolUse = { id: 'msg_01E2E', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5-20250929', content: [{ type: 'tool_use', id: 'toolu_e2e_1', name: 'get_weather', input: { location: 'Paris' } }], stop_reason: 'tool_use', stop_sequence: null, usage: { input_tokens: 400, output_tokens: 30 } };
    replies.push({ kind: 'json', body: JSON.stringify(toolUse) }, { kind: 'json', body: fixtureJson('anthropic-text') });
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Weather in Paris?' }];
    const first = await client.chat.completions.create({ model: 'claude-sonnet', messages, tools: [weather], tool_choice: 'required', parallel_tool_calls: false });
    expect(lastMessages().json).toMatchObject({ tool_choice: { type: 'any', disable_parallel_tool_use: true } });
    expect(first.choices[0]).toMatchObject({ finish_reason: 'tool_calls', message: { content: null, tool_calls: [{ id: 'toolu_e2e_1', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } }] } });
    messages.push(first.choices[0].message as OpenAI.ChatCompletionMessageParam, { role: 'tool', tool_call_id: 'toolu_e2e_1', content: 'rainy, 12°C' });
    const final = await client.chat.completions.create({ model: 'claude-sonnet', messages, tools: [weather] });
    expect(final.choices[0].message.content).toMatch(/^Hello!/);
    expect(messagesBodyProblems(lastMessages().json)).toEqual([]);
    expect(lastMessages().json.messages.at(-1)).toEqual({ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_e2e_1', content: 'rainy, 12°C' }] });
  });

  it('reasoning across a tool loop: the signed thinking comes back as thinking_blocks (stream pieces and JSON, as LiteLLM gives them) and, sent back, keeps thinking on where Anthropic refuses it without them', async () => {
    type ThinkingBlock = { type: string; thinking?: string; signature?: string; data?: string };
    const question: OpenAI.ChatCompletionMessageParam = { role: 'user', content: 'Weather in Paris?' };
    replies.push({ kind: 'sse', frames: anthropicSseFrames(fixtureChunks('anthropic-thinking-tool')) });
    // a client written for LiteLLM: rebuilds each block from the streamed pieces (text until its signature; redacted blocks whole)
    const stream = await client.chat.completions.create({ model: 'claude-sonnet', messages: [question], tools: [weather], reasoning_effort: 'low', stream: true });
    const blocks: ThinkingBlock[] = [];
    let open: ThinkingBlock | null = null;
    let reasoning = '';
    const calls: { id: string; name: string; arguments: string }[] = [];
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as (OpenAI.ChatCompletionChunk.Choice.Delta & { reasoning_content?: string; thinking_blocks?: ThinkingBlock[] }) | undefined;
      reasoning += delta?.reasoning_content ?? '';
      for (const piece of delta?.thinking_blocks ?? []) {
        if (piece.type === 'redacted_thinking') {
          blocks.push(piece);
          open = null;
          continue;
        }
        if (open === null) blocks.push((open = { type: 'thinking', thinking: '' }));
        open.thinking += piece.thinking ?? '';
        if (piece.signature) {
          open.signature = piece.signature;
          open = null;
        }
      }
      for (const call of delta?.tool_calls ?? []) {
        const entry = (calls[call.index] ??= { id: '', name: '', arguments: '' });
        entry.id ||= call.id ?? '';
        entry.name ||= call.function?.name ?? '';
        entry.arguments += call.function?.arguments ?? '';
      }
    }
    expect(lastMessages().json.thinking).toEqual({ type: 'enabled', budget_tokens: 4096 });
    expect(blocks).toEqual([signed, redacted]);
    expect(reasoning).toBe(signed.thinking);
    expect(calls).toEqual([{ id: 'toolu_01ThinkToolConstructed01', name: 'get_weather', arguments: '{"location": "Paris, FR"}' }]);

    // the second turn sends them back with the call: thinking stays on, the blocks lead the assistant turn
    const assistant = { role: 'assistant', content: null, tool_calls: calls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })), thinking_blocks: blocks } as unknown as OpenAI.ChatCompletionMessageParam;
    const result: OpenAI.ChatCompletionMessageParam = { role: 'tool', tool_call_id: calls[0].id, content: 'rainy, 12°C' };
    replies.push({ kind: 'json', body: fixtureJson('anthropic-text') });
    const second = await client.chat.completions.create({ model: 'claude-sonnet', messages: [question, assistant, result], tools: [weather], reasoning_effort: 'low' });
    expect(second.choices[0].message.content).toMatch(/^Hello!/);
    const sent = lastMessages().json;
    expect(sent.thinking).toEqual({ type: 'enabled', budget_tokens: 4096 });
    expect(sent.messages[1].content).toEqual([signed, redacted, { type: 'tool_use', id: 'toolu_01ThinkToolConstructed01', name: 'get_weather', input: { location: 'Paris, FR' } }]);
    expect(messagesBodyProblems(sent)).toEqual([]);

    // a client that kept no blocks (or only the last piece of one): thinking goes off for that turn, and Anthropic answers
    for (const kept of [undefined, [{ type: 'thinking', thinking: '', signature: signed.signature }]]) {
      replies.push({ kind: 'json', body: fixtureJson('anthropic-text') });
      const without = { ...(assistant as object), thinking_blocks: kept } as unknown as OpenAI.ChatCompletionMessageParam;
      expect((await client.chat.completions.create({ model: 'claude-sonnet', messages: [question, without, result], tools: [weather], reasoning_effort: 'low' })).choices[0].message.content).toMatch(/^Hello!/);
      expect(lastMessages().json).not.toHaveProperty('thinking');
    }
    // and the fake is as strict as Anthropic: thinking on without the signed block is refused
    const refused = await fetch(`${anthropic.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...sent, messages: [sent.messages[0], { role: 'assistant', content: sent.messages[1].content.slice(2) }, sent.messages[2]] }) });
    expect(refused.status).toBe(400);

    // not streamed: the Message's blocks on the message, signatures included
    const message = { id: 'msg_e2e_think', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5-20250929', content: [{ ...signed }, { ...redacted }, { type: 'tool_use', id: 'toolu_e2e_2', name: 'get_weather', input: { location: 'Paris, FR' } }], stop_reason: 'tool_use', stop_sequence: null, usage: { input_tokens: 500, output_tokens: 90 } };
    replies.push({ kind: 'json', body: JSON.stringify(message) });
    const json = await client.chat.completions.create({ model: 'claude-sonnet', messages: [question], tools: [weather], reasoning_effort: 'low' });
    expect((json.choices[0].message as unknown as { thinking_blocks: ThinkingBlock[] }).thinking_blocks).toEqual([signed, redacted]);
  });

  it('Responses clients across a tool loop: the signed thinking travels in the reasoning item\'s encrypted_content and, sent back (as input or by previous_response_id), keeps thinking on', async () => {
    const toolUse = { type: 'tool_use', id: 'toolu_01ThinkToolConstructed01', name: 'get_weather', input: { location: 'Paris, FR' } };
    const tools: OpenAI.Responses.FunctionTool[] = [{ type: 'function', name: 'get_weather', description: 'Weather for a place', parameters: weather.function.parameters, strict: false }];
    const request = { model: 'claude-sonnet', tools, reasoning: { effort: 'low' as const }, include: ['reasoning.encrypted_content' as const] };

    // first turn, streamed: the reasoning item closes with the blocks, the call follows
    replies.push({ kind: 'sse', frames: anthropicSseFrames(fixtureChunks('anthropic-thinking-tool')) });
    const first = await client.responses.stream({ ...request, input: 'Weather in Paris?' }).finalResponse();
    expect(lastMessages().json.thinking).toEqual({ type: 'enabled', budget_tokens: 4096 });
    const reasoning = first.output.find((item) => item.type === 'reasoning')!;
    expect(reasoning.summary).toEqual([{ type: 'summary_text', text: signed.thinking }]);
    expect(reasoning.encrypted_content).toMatch(/^router\.anthropic-thinking\.v1:/);
    const call = first.output.find((item) => item.type === 'function_call')!;
    expect(call).toMatchObject({ call_id: toolUse.id, name: 'get_weather', arguments: '{"location": "Paris, FR"}' });

    // second turn with the whole conversation as input (Codex's way, store false): the blocks lead the assistant turn, thinking stays on
    replies.push({ kind: 'json', body: fixtureJson('anthropic-text') });
    const output = { type: 'function_call_output' as const, call_id: call.call_id, output: 'rainy, 12°C' };
    const second = await client.responses.create({ ...request, store: false, input: [{ role: 'user', content: 'Weather in Paris?' }, ...(first.output as OpenAI.Responses.ResponseInputItem[]), output] });
    expect(second.output_text).toMatch(/^Hello!/);
    const sent = lastMessages().json;
    expect(sent.thinking).toEqual({ type: 'enabled', budget_tokens: 4096 });
    expect(sent.messages[1]).toEqual({ role: 'assistant', content: [signed, redacted, toolUse] });
    expect(messagesBodyProblems(sent)).toEqual([]);

    // second turn by previous_response_id (the AI SDK's way, store true): the same, from what the router kept
    replies.push({ kind: 'json', body: fixtureJson('anthropic-text') });
    const byId = await client.responses.create({ ...request, previous_response_id: first.id, input: [output] });
    expect(byId.output_text).toMatch(/^Hello!/);
    expect(lastMessages().json.messages[1]).toEqual({ role: 'assistant', content: [signed, redacted, toolUse] });
    expect(lastMessages().json.thinking).toEqual({ type: 'enabled', budget_tokens: 4096 });

    // an encrypted_content the router did not write (OpenAI's own, or altered) is dropped: thinking goes off for that turn, Anthropic answers
    replies.push({ kind: 'json', body: fixtureJson('anthropic-text') });
    const altered = first.output.map((item) => (item.type === 'reasoning' ? { ...item, encrypted_content: 'gAAAAABopenai-opaque' } : item)) as OpenAI.Responses.ResponseInputItem[];
    expect((await client.responses.create({ ...request, store: false, input: [{ role: 'user', content: 'Weather in Paris?' }, ...altered, output] })).output_text).toMatch(/^Hello!/);
    expect(lastMessages().json).not.toHaveProperty('thinking');

    // not streamed: the Message's blocks in the reasoning item, a redacted-only answer gets an item of its own
    const message = { id: 'msg_e2e_think_r', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5-20250929', content: [{ ...redacted }, { ...toolUse, id: 'toolu_e2e_r2' }], stop_reason: 'tool_use', stop_sequence: null, usage: { input_tokens: 500, output_tokens: 90 } };
    replies.push({ kind: 'json', body: JSON.stringify(message) });
    const json = await client.responses.create({ ...request, input: 'Weather in Paris?' });
    expect(json.output[0]).toMatchObject({ type: 'reasoning', summary: [] });
    expect(JSON.parse((json.output[0] as OpenAI.Responses.ResponseReasoningItem).encrypted_content!.slice('router.anthropic-thinking.v1:'.length))).toEqual([redacted]);
  });

  it('refuses response_format json_schema with a 400 the SDK reads, without calling Anthropic', async () => {
    const before = messagesRequests().length;
    const call = client.chat.completions.create({ model: 'claude-sonnet', messages: [{ role: 'user', content: 'x' }], response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object' } } } });
    await expect(call).rejects.toMatchObject({ status: 400, param: 'response_format', code: 'unsupported_parameter' });
    expect(messagesRequests().length).toBe(before);
  });

  it('an Anthropic 529 reaches the SDK as a 503', async () => {
    for (let index = 0; index < 4; index++) replies.push({ kind: 'json', status: 529, body: '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_e2e"}' });
    await expect(client.chat.completions.create({ model: 'claude-sonnet', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status: 503, code: 'upstream_overloaded', message: expect.stringContaining('Overloaded (request_id req_e2e)') });
    replies.length = 0;
  });

  it('the log rows show the assembled text, tool calls and usage of translated streams, and never the key', async () => {
    // rows are written in batches: wait for the two streams this test reads, not for a row count
    const details = await waitFor(async () => {
      const page = await admin('GET', '/v1/requests?provider=claude&limit=50');
      const found = await Promise.all(page.json.data.map(async (row: { id: string }) => (await admin('GET', `/v1/requests/${row.id}`)).json));
      const streams = found.filter((detail: any) => detail.stream && (detail.finishReason === 'tool_calls' || detail.finishReason === 'stop'));
      if (!streams.some((detail: any) => detail.responseToolCalls?.length === 3) || !streams.some((detail: any) => detail.finishReason === 'stop')) throw new Error('the stream rows are not written yet');
      return found;
    }, 10_000);
    const toolStream = details.find((detail: any) => detail.stream && detail.finishReason === 'tool_calls' && detail.responseToolCalls?.length === 3);
    expect(toolStream).toMatchObject({
      status: 200, outcome: 'success', promptTokens: 612 + 128 + 2048, completionTokens: 151, responseBody: "I'll check both cities at once.",
      responseToolCalls: [
        { id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', arguments: '{"location": "San Francisco, CA", "unit": "fahrenheit"}' },
        { id: 'toolu_01B19r91rx91mr028946mr0', name: 'get_weather', arguments: '{"location": "Tokyo, Japan", "unit": "celsius"}' },
        { id: 'toolu_01C29s92sy92ns139057ns1', name: 'get_time', arguments: '{}' },
      ],
    });
    const textStream = details.find((detail: any) => detail.stream && detail.finishReason === 'stop');
    // no stream_options from the client: the usage rode on the finish chunk, and the log has it
    expect(textStream).toMatchObject({ status: 200, promptTokens: 12, completionTokens: 30, responseBody: "Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?" });
    for (const detail of details) expect(JSON.stringify(detail)).not.toContain(ANTHROPIC_KEY);
  });
});

describe('an anthropic provider serving Anthropic Messages clients: passed through', () => {
  /** The anthropic-version the SDK sent last. */
  let sdkVersion: string | null = null;
  /** The body text the SDK sent last. */
  let lastClientBody: string | null = null;
  const sdk = () =>
    new Anthropic({
      baseURL: server.url, apiKey: CLIENT, maxRetries: 0, defaultHeaders: { 'anthropic-beta': 'e2e-beta-2025-01-01' },
      fetch: (url: string | URL | Request, init?: RequestInit) => {
        sdkVersion = new Headers(init?.headers).get('anthropic-version');
        lastClientBody = typeof init?.body === 'string' ? init.body : null;
        return fetch(url, init);
      },
    });
  const requestsTo = (path: string) => anthropic.requests.filter((request) => request.method === 'POST' && request.url === path);

  it('messages.create: the client\'s body untouched, its anthropic-version and anthropic-beta, the provider\'s key; the Message back as Anthropic sent it', async () => {
    replies.push({ kind: 'json', body: fixtureJson('anthropic-text') });
    const message = await sdk().messages.create({ model: 'claude-e2e', max_tokens: 64, system: 'Be brief.', messages: [{ role: 'user', content: 'Hello, how are you?' }], stop_sequences: ['END'] });
    expect(message).toEqual(JSON.parse(fixtureJson('anthropic-text')));
    const seen = lastMessages();
    expect(JSON.parse(seen.body)).toEqual({ model: 'claude-e2e', max_tokens: 64, system: 'Be brief.', messages: [{ role: 'user', content: 'Hello, how are you?' }], stop_sequences: ['END'] });
    expect(sdkVersion).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(seen.headers).toMatchObject({ 'x-api-key': ANTHROPIC_KEY, 'anthropic-version': sdkVersion, 'anthropic-beta': 'e2e-beta-2025-01-01' });
    expect(JSON.stringify(seen.headers)).not.toContain(CLIENT);
  });

  it('messages.stream: the recorded Anthropic bytes reach the SDK as they are; a mapped model is renamed', async () => {
    const frames = anthropicSseFrames(fixtureChunks('anthropic-json-tool.1'));
    replies.push({ kind: 'sse', frames });
    const stream = sdk().messages.stream({ model: 'claude-sonnet', max_tokens: 256, messages: [{ role: 'user', content: 'Weather as JSON' }], tools: [{ name: 'json', input_schema: { type: 'object', properties: {} } }] });
    const message = await stream.finalMessage();
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content).toEqual([{ type: 'tool_use', id: 'toolu_01KFbKqPYSuAKujiL6mTfzYA', name: 'json', input: { elements: [{ location: 'San Francisco', temperature: 58, condition: 'sunny' }] } }]);
    expect(lastMessages().json).toMatchObject({ model: 'claude-sonnet-4-5-20250929', stream: true });
    // byte for byte: the raw stream as a plain HTTP client sees it
    replies.push({ kind: 'sse', frames });
    const raw = await fetch(`${server.url}/v1/messages`, { method: 'POST', headers: { 'x-api-key': CLIENT, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' }, body: JSON.stringify({ model: 'claude-e2e', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'x' }] }) });
    expect(await raw.text()).toBe(frames.join(''));
  });

  it('countTokens goes to Anthropic\'s count_tokens', async () => {
    replies.push({ kind: 'json', body: '{"input_tokens":14}' });
    const counted = await sdk().messages.countTokens({ model: 'claude-e2e', messages: [{ role: 'user', content: 'Hello, how are you?' }] });
    expect(counted).toEqual({ input_tokens: 14 });
    expect(requestsTo('/v1/messages/count_tokens').at(-1)!.headers).toMatchObject({ 'x-api-key': ANTHROPIC_KEY, 'anthropic-beta': 'e2e-beta-2025-01-01' });
  });

  it('the client\'s query string (`?beta=true`, as Claude Code sends) reaches Anthropic on /v1/messages and count_tokens', async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${server.url}${path}`, { method: 'POST', headers: { 'x-api-key': CLIENT, 'anthropic-version': '2023-06-01', 'anthropic-beta': 'e2e-beta-2025-01-01', 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const lastPost = () => anthropic.requests.filter((request) => request.method === 'POST').at(-1);
    replies.push({ kind: 'json', body: fixtureJson('anthropic-text') });
    const created = await post('/v1/messages?beta=true', { model: 'claude-e2e', max_tokens: 16, messages: [{ role: 'user', content: 'Hello' }] });
    expect(created.status).toBe(200);
    expect(lastPost()).toMatchObject({ url: '/v1/messages?beta=true' });
    replies.push({ kind: 'sse', frames: anthropicSseFrames(fixtureChunks('anthropic-text')) });
    const streamed = await post('/v1/messages?beta=true&trace=a%20b', { model: 'claude-sonnet', max_tokens: 16, stream: true, messages: [{ role: 'user', content: 'Hello' }] });
    expect(await streamed.text()).toContain('event: message_stop');
    expect(lastPost()).toMatchObject({ url: '/v1/messages?beta=true&trace=a%20b', json: { model: 'claude-sonnet-4-5-20250929' } });
    replies.push({ kind: 'json', body: '{"input_tokens":3}' });
    const counted = await post('/v1/messages/count_tokens?beta=true', { model: 'claude-e2e', messages: [{ role: 'user', content: 'Hello' }] });
    expect(await counted.json()).toEqual({ input_tokens: 3 });
    expect(lastPost()).toMatchObject({ url: '/v1/messages/count_tokens?beta=true', headers: { 'x-api-key': ANTHROPIC_KEY, 'anthropic-beta': 'e2e-beta-2025-01-01' } });
  });

  it('an Anthropic error reaches the SDK in Anthropic\'s shape and status', async () => {
    replies.push({ kind: 'json', status: 400, body: '{"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: Field required"},"request_id":"req_e2e_400"}' });
    await expect(sdk().messages.create({ model: 'claude-e2e', max_tokens: 1, messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status: 400, error: { type: 'error', error: { type: 'invalid_request_error', message: 'max_tokens: Field required' } } });
  });

  it('the log row of a passed-through stream shows what Anthropic sent', async () => {
    const detail = await waitFor(async () => {
      const page = await admin('GET', '/v1/requests?provider=claude&limit=100');
      const rows = await Promise.all(page.json.data.map(async (row: { id: string }) => (await admin('GET', `/v1/requests/${row.id}`)).json));
      return rows.find((row: any) => row.stream && row.responseToolCalls?.[0]?.name === 'json') ?? null;
    });
    expect(detail).toMatchObject({ status: 200, outcome: 'success', responseToolCalls: [{ id: 'toolu_01KFbKqPYSuAKujiL6mTfzYA', name: 'json' }] });
    expect(JSON.stringify(detail)).not.toContain(ANTHROPIC_KEY);
  });
});
