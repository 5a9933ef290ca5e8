/**
 * The real `openai` SDK reading what the translators produce: its Responses requests go through
 * responsesRequestToChat, and recorded chat answers come back through the translators to the SDK's
 * own parser and accumulator. Its `fetch` is a function here, so nothing listens and nothing connects.
 */
import { fixtureJson } from '@router/testkit';
import OpenAI from 'openai';
import { zodResponsesFunction } from 'openai/helpers/zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toOpenAIError } from '../../errors.js';
import { InvalidRequestError } from '../../errors.js';
import { chatResponseToResponses } from './chat-response-to-responses.js';
import { responsesRequestToChat, type ResponsesTranslation } from './responses-request-to-chat.js';

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

  it('translates what the SDK sends for a Codex-like request: namespace flattened, hosted and custom tools dropped', async () => {
    const translations: ResponsesTranslation[] = [];
    await client(answering('openai-text', translations)).responses.create(codexLike);
    const [translation] = translations;
    expect(translation.dropped).toEqual(['web_search', 'custom', 'image_generation']);
    expect(translation.chat.tools!.map((tool) => tool.function.name)).toEqual(['shell', 'mcp__files__read_file']);
    expect(translation.toolNames).toEqual({ mcp__files__read_file: { namespace: 'mcp__files', name: 'read_file' } });
    expect(translation.chat.messages.map((message) => message.role)).toEqual(['system', 'system', 'user', 'user']);
    expect(translation.chat).toMatchObject({ model: 'gpt-5-codex', reasoning_effort: 'medium', tool_choice: 'auto', parallel_tool_calls: true });
    expect(translation.chat).not.toHaveProperty('stream');
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
    await sdk.responses.create({ model: 'm', input: [...firstInput, ...first.output, result], tools: [weather] });
    const byInput = translations[1].chat.messages;
    expect(byInput).toEqual([
      { role: 'user', content: 'Weather in San Francisco?' },
      { role: 'assistant', content: null, tool_calls: [{ id: call.call_id, type: 'function', function: { name: 'weather', arguments: call.arguments } }] },
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
