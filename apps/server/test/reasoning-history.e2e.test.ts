/**
 * End to end: earlier reasoning in a translated tool loop. DeepSeek's thinking mode refuses a
 * request whose assistant turn with tool calls comes back without its `reasoning_content` (400, "The
 * `reasoning_content` in the thinking mode must be passed back to the API."). A Messages client (the
 * `@anthropic-ai/sdk`, as Claude Code) keeps the reasoning as `thinking` blocks, a Responses client
 * (`openai`, as Codex) as `reasoning` items: through a `deepseek` provider they reach the upstream
 * as `reasoning_content` again; an `openai-compatible` provider (which might refuse the field) gets
 * none, unless its `reasoningHistory` setting says so. The upstreams replay DeepSeek's recorded
 * answers (`deepseek-tool-call`) and enforce its rule.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import {
  fixtureChunks, fixtureJson, runCliProcess, sseFrames, startFakeUpstream, startServerProcess, tempDir, type FakeUpstream, type Reply, type SeenRequest, type ServerProcess,
} from '@router/testkit';
import { e2eDatabase } from '@router/testkit/database';

const REFUSAL = JSON.stringify({ error: { message: 'The `reasoning_content` in the thinking mode must be passed back to the API.', type: 'invalid_request_error', param: null, code: 'invalid_request_error' } });
/** The reasoning of the recorded answers, whole and streamed (two recordings, two texts). */
const REASONING = (JSON.parse(fixtureJson('deepseek-tool-call')) as { choices: { message: { reasoning_content: string } }[] }).choices[0].message.reasoning_content;
const STREAMED_REASONING = fixtureChunks('deepseek-tool-call')
  .map((line) => (JSON.parse(line) as { choices: { delta?: { reasoning_content?: string | null } }[] }).choices[0]?.delta?.reasoning_content ?? '')
  .join('');
const tools = [{ name: 'weather', description: 'The weather in a location', input_schema: { type: 'object' as const, properties: { location: { type: 'string' } }, required: ['location'] } }];

let deepseek: FakeUpstream;
let plain: FakeUpstream;
let server: ServerProcess;
let dir: string;
let db: string;

/** DeepSeek in thinking mode: the first turn calls the weather tool; a later one must carry that turn's reasoning back. */
function deepseekLike(enforce: boolean) {
  return (request: SeenRequest): Reply => {
    const messages = request.json.messages as { role: string; tool_calls?: unknown[]; reasoning_content?: string }[];
    const issued = (message: { reasoning_content?: string }) => message.reasoning_content === REASONING || message.reasoning_content === STREAMED_REASONING;
    if (enforce && messages.some((message) => message.role === 'assistant' && message.tool_calls && !issued(message))) {
      return { kind: 'json', status: 400, body: REFUSAL };
    }
    const first = messages.at(-1)?.role === 'user' && !messages.some((message) => message.role === 'tool');
    if (request.json.stream) return { kind: 'sse', frames: sseFrames(fixtureChunks(first ? 'deepseek-tool-call' : 'openai-text')) };
    return { kind: 'json', body: fixtureJson(first ? 'deepseek-tool-call' : 'openai-text') };
  };
}

async function cli(...args: string[]): Promise<void> {
  const result = await runCliProcess(['--db', db, ...args], {}, dir);
  if (result.code !== 0) throw new Error(`cli ${args.join(' ')} failed: ${result.stderr}`);
}

beforeAll(async () => {
  dir = tempDir();
  db = await e2eDatabase(dir);
  deepseek = await startFakeUpstream({ models: ['deepseek-reasoner'] });
  deepseek.onChat(deepseekLike(true));
  plain = await startFakeUpstream({ models: ['deepseek-reasoner'] });
  plain.onChat(deepseekLike(false));
  await cli('provider', 'add', '--id', 'ds', '--type', 'deepseek', '--config', `baseURL=${deepseek.baseURL}`, '--config', 'apiKey=sk-deepseek-test');
  await cli('provider', 'add', '--id', 'plain', '--config', `baseURL=${plain.baseURL}`);
  await cli('set', 'ds');
  server = await startServerProcess({ DATABASE_URL: db }, dir);
});

afterAll(async () => {
  await server?.stop();
  await deepseek?.close();
  await plain?.close();
});

/** The assistant messages the upstream saw in its last request. */
const assistantTurns = (upstream: FakeUpstream) => (upstream.requests.at(-1)!.json.messages as { role: string }[]).filter((message) => message.role === 'assistant');

describe('a Messages client (@anthropic-ai/sdk) in a tool loop', () => {
  const anthropic = () => new Anthropic({ baseURL: server.url, apiKey: 'unused', maxRetries: 0 });

  for (const streamed of [false, true]) {
    it(`sends its thinking back to DeepSeek as reasoning_content (${streamed ? 'streamed, as Claude Code' : 'whole'})`, async () => {
      const ask = { model: 'ds/deepseek-reasoner', max_tokens: 1024, tools, thinking: { type: 'enabled' as const, budget_tokens: 2048 } };
      const question: Anthropic.MessageParam = { role: 'user', content: 'Weather in San Francisco?' };
      const first = streamed ? await anthropic().messages.stream({ ...ask, messages: [question] }).finalMessage() : await anthropic().messages.create({ ...ask, messages: [question] });
      expect(first.stop_reason).toBe('tool_use');
      const reasoning = streamed ? STREAMED_REASONING : REASONING;
      expect(reasoning.length).toBeGreaterThan(50);
      expect(first.content[0]).toMatchObject({ type: 'thinking', thinking: reasoning });
      const call = first.content.find((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use')!;
      const turn = [question, { role: 'assistant' as const, content: first.content }, { role: 'user' as const, content: [{ type: 'tool_result' as const, tool_use_id: call.id, content: '18°C, clear' }] }];
      const second = streamed ? await anthropic().messages.stream({ ...ask, messages: turn }).finalMessage() : await anthropic().messages.create({ ...ask, messages: turn });
      expect(second.content.find((block) => block.type === 'text')).toBeDefined();
      expect(assistantTurns(deepseek)).toEqual([expect.objectContaining({ reasoning_content: reasoning, tool_calls: [expect.objectContaining({ id: call.id })] })]);
    });
  }

  it('without it (reasoningHistory drop), DeepSeek refuses the second turn, and the client reads its 400 in Anthropic\'s shape', async () => {
    const patch = (value: string | null) => fetch(`${server.url}/v1/providers/ds`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ config: { reasoningHistory: value } }) });
    expect((await patch('drop')).status).toBe(200);
    try {
      const ask = { model: 'ds/deepseek-reasoner', max_tokens: 1024, tools };
      const question: Anthropic.MessageParam = { role: 'user', content: 'Weather in San Francisco?' };
      const first = await anthropic().messages.create({ ...ask, messages: [question] });
      const call = first.content.find((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use')!;
      const refused = await anthropic().messages.create({ ...ask, messages: [question, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: '18°C' }] }] }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(Anthropic.BadRequestError);
      expect((refused as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('must be passed back') } });
      expect(assistantTurns(deepseek)[0]).not.toHaveProperty('reasoning_content');
    } finally {
      expect((await patch(null)).status).toBe(200);
    }
  });

  it('sends no reasoning_content to an openai-compatible provider, until its reasoningHistory setting asks for it', async () => {
    const ask = { model: 'plain/deepseek-reasoner', max_tokens: 1024, tools };
    const question: Anthropic.MessageParam = { role: 'user', content: 'Weather in San Francisco?' };
    const first = await anthropic().messages.create({ ...ask, messages: [question] });
    const call = first.content.find((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use')!;
    const turn = [question, { role: 'assistant' as const, content: first.content }, { role: 'user' as const, content: [{ type: 'tool_result' as const, tool_use_id: call.id, content: '18°C' }] }];
    await anthropic().messages.create({ ...ask, messages: turn });
    expect(assistantTurns(plain)).toHaveLength(1);
    expect(assistantTurns(plain)[0]).not.toHaveProperty('reasoning_content');

    const edited = await fetch(`${server.url}/v1/providers/plain`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ config: { reasoningHistory: 'reasoning_content' } }) });
    expect(edited.status).toBe(200);
    await anthropic().messages.create({ ...ask, messages: turn });
    expect(assistantTurns(plain)[0]).toMatchObject({ reasoning_content: REASONING });

    const refused = await fetch(`${server.url}/v1/providers/plain`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ config: { reasoningHistory: 'always' } }) });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/reasoningHistory.*"drop" or "reasoning_content"/);
  });
});

describe('a Responses client (openai) in a tool loop', () => {
  const openai = () => new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  const weather = { type: 'function' as const, name: 'weather', description: 'The weather in a location', parameters: tools[0].input_schema, strict: false };

  it('sends the reasoning items back to DeepSeek as reasoning_content, with the whole conversation as input (store: false, as Codex) and through previous_response_id', async () => {
    const question: OpenAI.Responses.ResponseInput = [{ role: 'user', content: 'Weather in San Francisco?' }];
    const first = await openai().responses.create({ model: 'ds/deepseek-reasoner', input: question, tools: [weather], store: false });
    const reasoning = first.output.find((item): item is OpenAI.Responses.ResponseReasoningItem => item.type === 'reasoning')!;
    expect(reasoning.summary).toEqual([{ type: 'summary_text', text: REASONING }]);
    const call = first.output.find((item): item is OpenAI.Responses.ResponseFunctionToolCall => item.type === 'function_call')!;
    const result = { type: 'function_call_output' as const, call_id: call.call_id, output: '{"temperature":18}' };

    const byInput = await openai().responses.create({ model: 'ds/deepseek-reasoner', input: [...question, ...(first.output as OpenAI.Responses.ResponseInputItem[]), result], tools: [weather], store: false });
    expect(byInput.status).toBe('completed');
    expect(assistantTurns(deepseek)).toEqual([expect.objectContaining({ reasoning_content: REASONING, tool_calls: [expect.objectContaining({ id: call.call_id })] })]);

    const stored = await openai().responses.create({ model: 'ds/deepseek-reasoner', input: question, tools: [weather] });
    const storedCall = stored.output.find((item): item is OpenAI.Responses.ResponseFunctionToolCall => item.type === 'function_call')!;
    const stream = openai().responses.stream({ model: 'ds/deepseek-reasoner', previous_response_id: stored.id, input: [{ ...result, call_id: storedCall.call_id }], tools: [weather] });
    expect((await stream.finalResponse()).status).toBe('completed');
    expect(assistantTurns(deepseek)).toEqual([expect.objectContaining({ reasoning_content: REASONING })]);
  });
});
