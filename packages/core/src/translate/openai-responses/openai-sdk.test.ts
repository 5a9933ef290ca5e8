/**
 * The real `openai` SDK reading what the translators produce: its Responses requests go through
 * responsesRequestToChat, and recorded chat answers come back through the translators to the SDK's
 * own parser and accumulator. Its `fetch` is a function here, so nothing listens and nothing connects.
 */
import { fixtureChunks, fixtureJson, sseFrames } from '@router/testkit';
import OpenAI from 'openai';
import { zodResponsesFunction } from 'openai/helpers/zod';
import { accumulateResponse } from 'openai/lib/responses/ResponseAccumulator';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toOpenAIError } from '../../errors.js';
import { InvalidRequestError } from '../../errors.js';
import { parseSseEvents } from '../anthropic-messages/parse-sse-events.js';
import { chatResponseToResponses } from './chat-response-to-responses.js';
import { chatStreamToResponses } from './chat-stream-to-responses.js';
import { responsesRequestToChat, type ResponsesTranslation } from './responses-request-to-chat.js';
import { checkResponsesStream } from './check-responses-stream.js';
import { encodeResponsesSse } from './responses-sse.js';
import type { ResponsesResponse, ResponsesStreamEvent } from './types.js';

/** An SDK client whose every request is answered by `answer` from the request body it sent. */
function client(answer: (body: unknown) => Promise<Response> | Response, seen: unknown[] = []): OpenAI {
  return new OpenAI({
    apiKey: 'sk-test',
    baseURL: 'http://127.0.0.1:9/v1',
    maxRetries: 0,
    fetch: async (_url: string | URL | Request, init?: RequestInit) => {
      const body = JSON.parse(String(init?.body));
      seen.push(body);
      return answer(body);
    },
  });
}

let ids = 0;
const generateId = () => `gen${++ids}`;

/** Answers every request with a recorded chat completion, translated for the request the SDK sent. */
function answering(name: string, translations: ResponsesTranslation[] = []) {
  return (body: unknown) => {
    const translation = responsesRequestToChat(body);
    translations.push(translation);
    return Response.json(chatResponseToResponses(JSON.parse(fixtureJson(name)), translation, { generateId }));
  };
}

const weather = { type: 'function' as const, name: 'weather', description: 'Weather for a place', parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'], additionalProperties: false }, strict: true };

/** What current Codex CLI sends: developer and user messages, plain and namespaced functions, hosted and freeform tools. */
const codexLike = {
  model: 'gpt-5-codex',
  instructions: 'You are a coding agent running in a terminal.',
  input: [
    { type: 'message' as const, role: 'developer' as const, content: [{ type: 'input_text' as const, text: '<permissions instructions>workspace-write</permissions instructions>' }] },
    { type: 'message' as const, role: 'user' as const, content: [{ type: 'input_text' as const, text: '<environment_context><cwd>/repo</cwd></environment_context>' }] },
    { type: 'message' as const, role: 'user' as const, content: [{ type: 'input_text' as const, text: 'List the files.' }] },
  ],
  tools: [
    { type: 'function' as const, name: 'shell', description: 'Runs a shell command', strict: false, parameters: { type: 'object', properties: { command: { type: 'array', items: { type: 'string' } } }, required: ['command'], additionalProperties: false } },
    { type: 'namespace' as const, name: 'mcp__files', description: 'Tools in the mcp__files namespace.', tools: [{ type: 'function' as const, name: 'read_file', description: 'Read a file', strict: false, parameters: { type: 'object', properties: { path: { type: 'string' } } } }] },
    { type: 'web_search' as const, external_web_access: false },
    { type: 'custom' as const, name: 'apply_patch', description: 'Apply a patch', format: { type: 'grammar' as const, syntax: 'lark' as const, definition: 'start: "*** Begin Patch"' } },
    { type: 'image_generation' as const, output_format: 'png' as const },
  ],
  tool_choice: 'auto' as const,
  parallel_tool_calls: true,
  reasoning: { effort: 'medium' as const, summary: 'auto' as const },
  store: false,
  include: ['reasoning.encrypted_content' as const],
  prompt_cache_key: 'session-1',
  text: { verbosity: 'medium' as const },
};

describe('openai SDK against the Responses translators (JSON)', () => {
  it('responses.create() reads a translated text answer: output_text is the chat text', async () => {
    const response = await client(answering('openai-text')).responses.create({ model: 'gpt-client', input: 'Tell me a story', max_output_tokens: 1000 });
    expect(response.output_text).toBe(JSON.parse(fixtureJson('openai-text')).choices[0].message.content);
    expect(response).toMatchObject({ object: 'response', status: 'completed', model: 'gpt-client', usage: { input_tokens: 16, output_tokens: 363, total_tokens: 379 } });
  });

  it('responses.parse() parses the arguments of a translated tool call (DeepSeek, with reasoning)', async () => {
    const response = await client(answering('deepseek-tool-call')).responses.parse({ model: 'm', input: 'Weather in San Francisco?', tools: [weather] });
    const call = response.output.find((item) => item.type === 'function_call');
    expect(call).toMatchObject({ type: 'function_call', name: 'weather', parsed_arguments: { location: 'San Francisco' } });
    expect(response.output[0]).toMatchObject({ type: 'reasoning', summary: [{ type: 'summary_text', text: expect.stringContaining('') }] });
    expect(response.usage?.input_tokens_details.cached_tokens).toBe(320);
  });

  it('responses.parse() with zodResponsesFunction parses the call through the zod schema', async () => {
    const tool = zodResponsesFunction({ name: 'weather', parameters: z.object({ location: z.string() }) });
    const response = await client(answering('dashscope-tool-call')).responses.parse({ model: 'm', input: 'Weather?', tools: [tool] });
    const call = response.output.find((item) => item.type === 'function_call');
    const expected = JSON.parse(JSON.parse(fixtureJson('dashscope-tool-call')).choices[0].message.tool_calls[0].function.arguments);
    expect(call && 'parsed_arguments' in call ? call.parsed_arguments : null).toEqual(expected);
  });

  it('translates what the SDK sends for a Codex-like request: namespace flattened, the custom tool offered as a function of one string, hosted tools dropped', async () => {
    const translations: ResponsesTranslation[] = [];
    await client(answering('openai-text', translations)).responses.create(codexLike);
    const [translation] = translations;
    expect(translation.dropped).toEqual(['web_search', 'image_generation']);
    expect(translation.chat.tools!.map((tool) => tool.function.name)).toEqual(['shell', 'mcp__files__read_file', 'apply_patch']);
    expect(translation.chat.tools![2].function).toEqual({
      name: 'apply_patch', description: 'Apply a patch',
      parameters: { type: 'object', properties: { input: { type: 'string', description: expect.stringContaining('lark grammar:\nstart: "*** Begin Patch"') } }, required: ['input'], additionalProperties: false },
    });
    expect(translation.toolNames).toEqual({ mcp__files__read_file: { namespace: 'mcp__files', name: 'read_file' }, apply_patch: { name: 'apply_patch', custom: true } });
    // The instructions and Codex's leading developer message become one system message.
    expect(translation.chat.messages.map((message) => message.role)).toEqual(['system', 'user', 'user']);
    expect(translation.chat.messages[0].content).toBe(`${codexLike.instructions}\n\n${codexLike.input[0].content[0].text}`);
    expect(translation.chat).toMatchObject({ model: 'gpt-5-codex', reasoning_effort: 'medium', tool_choice: 'auto' });
    // Parallel calls are the default: only `false` is sent.
    expect(translation.chat).not.toHaveProperty('parallel_tool_calls');
    expect(translation.chat).not.toHaveProperty('stream');
  });

  it('a call of the custom tool comes back to the SDK as a custom_tool_call with the raw input, and goes upstream again as the same function call', async () => {
    const patch = '*** Begin Patch\n*** Add File: a.txt\n+hello\n*** End Patch';
    const chat = { id: 'chatcmpl-2', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: null, tool_calls: [{ id: 'call_7', type: 'function', function: { name: 'apply_patch', arguments: JSON.stringify({ input: patch }) } }] }, finish_reason: 'tool_calls' }] };
    const translations: ResponsesTranslation[] = [];
    const sdk = client((body) => {
      const translation = responsesRequestToChat(body);
      translations.push(translation);
      return Response.json(chatResponseToResponses(chat, translation, { generateId }));
    });
    const response = await sdk.responses.create(codexLike);
    expect(response.output).toEqual([{ type: 'custom_tool_call', id: expect.stringMatching(/^ctc_/), status: 'completed', call_id: 'call_7', name: 'apply_patch', input: patch }]);
    const call = response.output[0] as OpenAI.Responses.ResponseCustomToolCall;
    await sdk.responses.create({ ...codexLike, input: [...codexLike.input, call, { type: 'custom_tool_call_output', call_id: call.call_id, output: 'Done!' }] });
    expect(translations[1].chat.messages.slice(-2)).toEqual([
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_7', type: 'function', function: { name: 'apply_patch', arguments: JSON.stringify({ input: patch }) } }] },
      { role: 'tool', tool_call_id: 'call_7', content: 'Done!' },
    ]);
  });

  it('forces a custom tool by tool_choice {type: "custom"}, and refuses forcing a function by a custom tool\'s name', async () => {
    const translations: ResponsesTranslation[] = [];
    await client(answering('openai-text', translations)).responses.create({ ...codexLike, tool_choice: { type: 'custom', name: 'apply_patch' } });
    expect(translations[0].chat.tool_choice).toEqual({ type: 'function', function: { name: 'apply_patch' } });
    expect(() => responsesRequestToChat({ ...codexLike, tool_choice: { type: 'function', name: 'apply_patch' } })).toThrow(expect.objectContaining({ status: 400, param: 'tool_choice.name' }));
  });

  it('a namespaced call comes back to the SDK with its namespace and name', async () => {
    const chat = { id: 'chatcmpl-1', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: null, tool_calls: [{ id: 'call_9', type: 'function', function: { name: 'mcp__files__read_file', arguments: '{"path":"README.md"}' } }] }, finish_reason: 'tool_calls' }] };
    const response = await client((body) => Response.json(chatResponseToResponses(chat, responsesRequestToChat(body), { generateId }))).responses.create(codexLike);
    expect(response.output).toEqual([expect.objectContaining({ type: 'function_call', call_id: 'call_9', namespace: 'mcp__files', name: 'read_file', arguments: '{"path":"README.md"}' })]);
  });

  it('a two-turn tool loop, by full input and by previous_response_id, gives the upstream the same conversation', async () => {
    const translations: ResponsesTranslation[] = [];
    const sdk = client(answering('deepseek-tool-call', translations));
    const firstInput: OpenAI.Responses.ResponseInput = [{ role: 'user', content: 'Weather in San Francisco?' }];
    const first = await sdk.responses.create({ model: 'm', input: firstInput, tools: [weather] });
    const call = first.output.find((item): item is OpenAI.Responses.ResponseFunctionToolCall => item.type === 'function_call')!;
    const result = { type: 'function_call_output' as const, call_id: call.call_id, output: '{"temperature":18}' };

    // Full input, as an SDK user builds it: the first input, the whole output (reasoning included), the result.
    await sdk.responses.create({ model: 'm', input: [...firstInput, ...(first.output as OpenAI.Responses.ResponseInputItem[]), result], tools: [weather] });
    const byInput = translations[1].chat.messages;
    // the first turn's reasoning (DeepSeek's reasoning_content, given back as the reasoning item's summary) rides on its assistant message
    const reasoning = (first.output.find((item) => item.type === 'reasoning') as OpenAI.Responses.ResponseReasoningItem).summary[0].text;
    expect(reasoning.length).toBeGreaterThan(0);
    expect(byInput).toEqual([
      { role: 'user', content: 'Weather in San Francisco?' },
      { role: 'assistant', content: null, reasoning_content: reasoning, tool_calls: [{ id: call.call_id, type: 'function', function: { name: 'weather', arguments: call.arguments } }] },
      { role: 'tool', tool_call_id: call.call_id, content: '{"temperature":18}' },
    ]);

    // previous_response_id: the caller looks the first turn up (kept: its full input and output).
    const stored = new Map([[first.id, { input: translations[0].input, output: first.output }]]);
    const seen: unknown[] = [];
    await client((body) => {
      const translation = responsesRequestToChat(body, { previous: stored.get((body as { previous_response_id: string }).previous_response_id) });
      translations.push(translation);
      return Response.json(chatResponseToResponses(JSON.parse(fixtureJson('openai-text')), translation, { generateId }));
    }, seen).responses.create({ model: 'm', previous_response_id: first.id, input: [result], tools: [weather] });
    expect(translations[2].chat.messages).toEqual(byInput);
    expect(translations[2].input).toEqual(translations[1].input);
  });

  it('raises the SDK\'s own error for the router\'s 400 body', async () => {
    const { status, body } = toOpenAIError(new InvalidRequestError('input.0.role: role must be …', 'input.0.role', 'invalid_value'));
    const call = client(() => Response.json(body, { status })).responses.create({ model: 'm', input: 'x' });
    await expect(call).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    await expect(client(() => Response.json(body, { status })).responses.create({ model: 'm', input: 'x' })).rejects.toMatchObject({ status: 400, param: 'input.0.role', code: 'invalid_value' });
  });
});

const encoder = new TextEncoder();

/** The recorded chat stream `name`, translated for `translation`. */
async function translatedEvents(name: string, translation: ResponsesTranslation, done = true): Promise<ResponsesStreamEvent[]> {
  async function* bytes() {
    yield encoder.encode(sseFrames(fixtureChunks(name), done).join(''));
  }
  const events: ResponsesStreamEvent[] = [];
  for await (const event of chatStreamToResponses(parseSseEvents(bytes()), translation, { generateId })) events.push(event);
  return events;
}

/** The events as an SSE response, a keep-alive comment after the first (the engine sends those on silence). */
function sseResponse(events: ResponsesStreamEvent[]): Response {
  const frames = events.flatMap((event, index) => (index === 1 ? [encoder.encode(': keep-alive\n\n'), encodeResponsesSse(event)] : [encodeResponsesSse(event)]));
  return new Response(new Blob(frames), { headers: { 'content-type': 'text/event-stream' } });
}

/** Answers a streaming request with the recorded chat stream `name`, translated; keeps the translation and the events. */
function streaming(name: string, seen: { translation?: ResponsesTranslation; events?: ResponsesStreamEvent[] }, done = true) {
  return async (body: unknown) => {
    seen.translation = responsesRequestToChat(body);
    seen.events = await translatedEvents(name, seen.translation, done);
    return sseResponse(seen.events);
  };
}

describe('openai SDK against the Responses translators (streams)', () => {
  it.each([
    'openai-text', 'deepseek-reasoning', 'dashscope-reasoning', 'dashscope-tool-call', 'deepseek-tool-call', 'groq-tool-call', 'mistral-incremental-tool-call', 'xai-tool-call',
    'openai-parallel-tool-calls', 'openai-interleaved-tool-calls', 'openai-length', 'openai-refusal', 'perplexity-text',
  ])('responses.stream() accumulates %s to the translated final response', async (name) => {
    const seen: { translation?: ResponsesTranslation; events?: ResponsesStreamEvent[] } = {};
    const stream = client(streaming(name, seen)).responses.stream({ model: 'gpt-client', input: 'Weather in San Francisco?', tools: [weather], reasoning: { effort: 'low' } });
    const sdkEvents: unknown[] = [];
    stream.on('event', (event) => sdkEvents.push(event));
    const response = await stream.finalResponse();
    const events = seen.events!;
    const terminal = (events.at(-1) as { response: ResponsesResponse }).response;
    // The SDK's request translates to a chat stream that reports usage.
    expect(seen.translation!.chat).toMatchObject({ stream: true, stream_options: { include_usage: true }, reasoning_effort: 'low' });
    // The SDK read every event (the keep-alive comment skipped) and accumulated the deltas to the output the terminal event reports.
    expect(sdkEvents).toEqual(events);
    let snapshot: OpenAI.Responses.Response | undefined;
    for (const event of events.slice(0, -1)) snapshot = accumulateResponse(event as OpenAI.Responses.ResponseStreamEvent, snapshot);
    expect(snapshot!.output).toEqual(terminal.output);
    // Its final response: the text, and the calls with their arguments parsed (the SDK parses calls of the strict tools it was given).
    const text = terminal.output.flatMap((item) => (item.type === 'message' ? item.content : [])).map((part) => (part.type === 'output_text' ? part.text : '')).join('');
    expect(response.output_text).toBe(text);
    expect(response.status).toBe(terminal.status);
    const calls = response.output.filter((item) => item.type === 'function_call');
    const wanted = terminal.output.flatMap((item) => (item.type === 'function_call' ? [{ call_id: item.call_id, name: item.name, parsed_arguments: terminal.status === 'completed' && item.name === weather.name ? JSON.parse(item.arguments) : null }] : []));
    expect(calls.map((call) => ({ call_id: call.call_id, name: call.name, parsed_arguments: 'parsed_arguments' in call ? call.parsed_arguments : undefined }))).toEqual(wanted);
    expect(response.usage).toEqual(terminal.usage);
  });

  it('responses.create({ stream: true }) yields the translated events as they are', async () => {
    const seen: { events?: ResponsesStreamEvent[] } = {};
    const stream = await client(streaming('openai-parallel-tool-calls', seen)).responses.create({ model: 'm', input: 'Weather?', tools: [weather], stream: true });
    const received: unknown[] = [];
    for await (const event of stream) received.push(event);
    expect(received).toEqual(seen.events);
    expect(received.filter((event) => (event as { type: string }).type === 'response.output_item.done')).toHaveLength(3);
  });

  it('an upstream error mid-stream ends the SDK\'s stream with a failed response that says why', async () => {
    const seen: { events?: ResponsesStreamEvent[] } = {};
    const stream = client(streaming('openai-error-mid-stream', seen, false)).responses.stream({ model: 'm', input: 'Hi' });
    const failed: unknown[] = [];
    stream.on('response.failed', (event) => failed.push(event));
    const response = await stream.finalResponse();
    expect(failed).toHaveLength(1);
    expect(response).toMatchObject({ status: 'failed', error: { code: 'server_error', message: expect.stringContaining('server had an error') } });
    expect(response.output_text.length).toBeGreaterThan(0);
  });

  it('a namespaced call streams back with its namespace', async () => {
    const chat = [
      { id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { role: 'assistant', tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'mcp__files__read_file', arguments: '' } }] }, finish_reason: null }] },
      { id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"path":"a.md"}' } }] }, finish_reason: null }] },
      { id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] },
    ].map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('') + 'data: [DONE]\n\n';
    const stream = client(async (body) => {
      async function* bytes() {
        yield encoder.encode(chat);
      }
      const events: ResponsesStreamEvent[] = [];
      for await (const event of chatStreamToResponses(parseSseEvents(bytes()), responsesRequestToChat(body), { generateId })) events.push(event);
      return sseResponse(events);
    }).responses.stream({ ...codexLike, stream: true });
    const response = await stream.finalResponse();
    expect(response.output).toEqual([expect.objectContaining({ type: 'function_call', call_id: 'call_1', namespace: 'mcp__files', name: 'read_file', arguments: '{"path":"a.md"}' })]);
  });

  it('a custom tool call streams back as a custom_tool_call, its input read from the argument fragments, with text before it', async () => {
    const patch = '*** Begin Patch\n*** Update File: a.py\n@@\n-print("x")\n+print("y")\n*** End Patch';
    const args = JSON.stringify({ input: patch });
    const fragments = [args.slice(0, 3), args.slice(3, 17), args.slice(17, 40), args.slice(40)];
    const chat = [
      { id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { role: 'assistant', content: 'Patching.' }, finish_reason: null }] },
      { id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_5', type: 'function', function: { name: 'apply_patch', arguments: '' } }] }, finish_reason: null }] },
      ...fragments.map((fragment) => ({ id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: fragment } }] }, finish_reason: null }] })),
      { id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] },
    ].map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('') + 'data: [DONE]\n\n';
    const seen: ResponsesStreamEvent[] = [];
    const stream = client(async (body) => {
      async function* bytes() {
        yield encoder.encode(chat);
      }
      for await (const event of chatStreamToResponses(parseSseEvents(bytes()), responsesRequestToChat(body), { generateId })) seen.push(event);
      return sseResponse(seen);
    }).responses.stream({ ...codexLike, stream: true });
    const deltas: string[] = [];
    stream.on('response.custom_tool_call_input.delta', (event) => deltas.push(event.delta));
    const response = await stream.finalResponse();
    expect(checkResponsesStream(seen)).toEqual([]);
    expect(seen.some((event) => event.type === 'response.function_call_arguments.delta')).toBe(false);
    expect(deltas.join('')).toBe(patch);
    expect(response.output_text).toBe('Patching.');
    expect(response.output.at(-1)).toEqual({ type: 'custom_tool_call', id: expect.stringMatching(/^ctc_/), status: 'completed', call_id: 'call_5', name: 'apply_patch', input: patch });
  });
});
