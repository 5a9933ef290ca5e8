/**
 * Provider types, end to end: the built server process and CLI, one fake upstream
 * per provider on 127.0.0.1 replaying that provider's recorded wire format, and
 * the real `openai` client (including its tool-calling runner for XML tool mode).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { openStore, readRevision } from '@router/store';
import {
  assembledText, fixtureChunks, fixtureJson, runCliProcess, sseFrames, startFakeUpstream, startServerProcess, tempDir, waitFor,
  type FakeUpstream, type Reply, type SeenRequest, type ServerProcess,
} from '@router/testkit';
import { e2eDatabase } from '@router/testkit/database';

const DASHSCOPE_KEY = 'sk-dashscope-canary-0123456789';
let dir: string;
let db: string;
let server: ServerProcess;
let client: OpenAI;
const upstreams: Record<string, FakeUpstream> = {};

async function cli(...args: string[]) {
  const result = await runCliProcess(['--db', db, ...args], {}, dir);
  if (result.code !== 0) throw new Error(`cli ${args.join(' ')} failed: ${result.stderr}`);
  return result;
}

/** Waits until the running server has loaded the latest configuration revision. */
async function applied(): Promise<void> {
  const store = await openStore({ url: db, migrate: false });
  try {
    const revision = await readRevision(store.db);
    await waitFor(async () => ((await (await fetch(`${server.url}/health`)).json()) as { configRevision: number }).configRevision >= revision, 3_000);
  } finally {
    await store.close();
  }
}

/** Frames text as a DashScope-shaped stream, cut into `size`-character deltas (tags end up split). */
function textStream(text: string, size = 5): string[] {
  const envelope = (choices: unknown[], usage: unknown = null) =>
    JSON.stringify({ choices, object: 'chat.completion.chunk', usage, created: 1770765120, system_fingerprint: null, model: 'qwen3-coder-plus', id: 'chatcmpl-e2e' });
  const lines = [envelope([{ delta: { content: '', role: 'assistant' }, index: 0, logprobs: null, finish_reason: null }])];
  for (let index = 0; index < text.length; index += size) lines.push(envelope([{ finish_reason: null, logprobs: null, delta: { content: text.slice(index, index + size) }, index: 0 }]));
  lines.push(envelope([{ finish_reason: 'stop', delta: { content: '' }, index: 0, logprobs: null }]));
  lines.push(envelope([], { prompt_tokens: 200, completion_tokens: 40, total_tokens: 240 }));
  return sseFrames(lines);
}

const completionJson = (content: string) =>
  JSON.stringify({ id: 'chatcmpl-e2e', object: 'chat.completion', created: 1, model: 'qwen3-coder-plus', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } });

async function collect(stream: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>) {
  let content = '';
  let reasoning = '';
  let finish: string | null = null;
  const calls: { id?: string; name: string; arguments: string }[] = [];
  for await (const chunk of stream) {
    const choice = chunk.choices[0];
    if (!choice) continue;
    content += choice.delta?.content ?? '';
    reasoning += (choice.delta as { reasoning_content?: string } | undefined)?.reasoning_content ?? '';
    for (const call of choice.delta?.tool_calls ?? []) {
      calls[call.index] ??= { name: '', arguments: '' };
      if (call.id) calls[call.index].id = call.id;
      calls[call.index].name += call.function?.name ?? '';
      calls[call.index].arguments += call.function?.arguments ?? '';
    }
    finish = choice.finish_reason ?? finish;
  }
  return { content, reasoning, finish, calls };
}

const user = (content: string) => [{ role: 'user' as const, content }];
const last = (name: string): SeenRequest => upstreams[name].requests.at(-1)!;

beforeAll(async () => {
  dir = tempDir();
  db = await e2eDatabase(dir);
  for (const name of ['dashscope', 'groq', 'deepseek', 'perplexity', 'lmstudio', 'qwenproxy', 'openrouter', 'generic']) upstreams[name] = await startFakeUpstream();
  upstreams.lmstudio.models = ['qwen3-coder-30b-a3b-instruct'];
  await cli('provider', 'add', '--id', 'dash', '--type', 'qwen', '--config', `baseURL=${upstreams.dashscope.baseURL}`, '--config', `apiKey=${DASHSCOPE_KEY}`);
  await cli('provider', 'add', '--id', 'groq', '--type', 'groq', '--config', `baseURL=${upstreams.groq.baseURL}`, '--config', 'apiKey=gsk_test');
  await cli('provider', 'add', '--id', 'deepseek', '--type', 'deepseek', '--config', `baseURL=${upstreams.deepseek.baseURL}`, '--config', 'apiKey=sk-ds');
  await cli('provider', 'add', '--id', 'pplx', '--type', 'perplexity', '--config', `baseURL=${upstreams.perplexity.baseURL}`, '--config', 'apiKey=pplx-test');
  await cli('provider', 'add', '--id', 'lms', '--type', 'lm-studio', '--config', `baseURL=${upstreams.lmstudio.baseURL}`);
  await cli('provider', 'add', '--id', 'qproxy', '--type', 'qwen-proxy', '--config', `baseURL=${upstreams.qwenproxy.baseURL}`);
  await cli('provider', 'add', '--id', 'orouter', '--type', 'openrouter', '--config', `baseURL=${upstreams.openrouter.baseURL}`, '--config', 'apiKey=sk-or-test', '--config', 'siteUrl=https://example.org', '--config', 'siteName=E2E');
  await cli('provider', 'add', '--id', 'mystery', '--type', 'tabby-api', '--config', `baseURL=${upstreams.generic.baseURL}`);
  for (const [model, target] of [
    ['qwen3-max', 'dash'], ['llama-3.3-70b-versatile', 'groq'], ['deepseek-reasoner', 'deepseek'], ['sonar', 'pplx'],
    ['local-coder', 'lms:qwen3-coder-30b-a3b-instruct'], ['qwen3-coder-plus', 'qproxy'], ['openai/gpt-4o', 'orouter'], ['mystery-model', 'mystery'],
  ]) await cli('route', 'set', model, target);
  server = await startServerProcess({ DATABASE_URL: db, CONFIG_POLL_MS: '100' }, dir);
  client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});

afterAll(async () => {
  await server?.stop();
  for (const upstream of Object.values(upstreams)) await upstream.close();
});

describe('configuration validation (CLI → store → adapter schemas)', () => {
  it('refuses a qwen provider without apiKey, naming the field', async () => {
    const result = await runCliProcess(['--db', db, 'provider', 'add', '--id', 'no-key', '--type', 'qwen'], {}, dir);
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('config.apiKey');
    expect(result.stderr).toContain('is required');
  });

  it.each(['qwen', 'lm-studio', 'qwen-proxy', 'groq', 'openai-compatible'])('refuses a %s provider whose baseURL is not http(s)', async (type) => {
    const result = await runCliProcess(['--db', db, 'provider', 'add', '--id', `bad-${type}`, '--type', type, '--config', 'baseURL=ftp://127.0.0.1/v1', '--config', 'apiKey=k'], {}, dir);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('config.baseURL must be an http:// or https:// URL');
  });
});

describe('qwen (DashScope)', () => {
  it('answers non-streaming with the recorded body, asking DashScope for enable_thinking:false', async () => {
    const recorded = fixtureJson('dashscope-text');
    upstreams.dashscope.onChat(() => ({ kind: 'json', body: recorded }));
    const completion = await client.chat.completions.create({ model: 'qwen3-max', messages: user('A holiday?') });
    expect(completion.choices[0].message.content).toBe(JSON.parse(recorded).choices[0].message.content);
    expect(last('dashscope').json).toMatchObject({ model: 'qwen3-max', enable_thinking: false });
    expect(last('dashscope').headers.authorization).toBe(`Bearer ${DASHSCOPE_KEY}`);
  });

  it('streams reasoning_content through untouched and asks for usage', async () => {
    const lines = fixtureChunks('dashscope-reasoning');
    upstreams.dashscope.onChat(() => ({ kind: 'sse', frames: sseFrames(lines) }));
    const result = await collect(await client.chat.completions.create({ model: 'qwen3-max', stream: true, messages: user('How many r?') }));
    expect(result.content).toBe(assembledText(lines));
    expect(result.reasoning.length).toBeGreaterThan(100);
    expect(last('dashscope').json.stream_options).toEqual({ include_usage: true });
  });

  it('streams and returns native tool calls', async () => {
    upstreams.dashscope.onChat(() => ({ kind: 'sse', frames: sseFrames(fixtureChunks('dashscope-tool-call')) }));
    const tools = [{ type: 'function' as const, function: { name: 'weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } } }];
    const streamed = await collect(await client.chat.completions.create({ model: 'qwen3-max', stream: true, messages: user('Weather in SF?'), tools }));
    expect(streamed.calls).toEqual([{ id: 'call_eee11723464a4b9eb8cee71d', name: 'weather', arguments: '{"location": "San Francisco"}' }]);
    expect(streamed.finish).toBe('tool_calls');
    upstreams.dashscope.onChat(() => ({ kind: 'json', body: fixtureJson('dashscope-tool-call') }));
    const whole = await client.chat.completions.create({ model: 'qwen3-max', messages: user('Weather in SF?'), tools });
    expect(whole.choices[0].message.tool_calls?.[0]).toMatchObject({ type: 'function', function: { name: 'weather', arguments: '{"location": "San Francisco"}' } });
  });

  it('maps reasoning_effort to enable_thinking and thinking_budget', async () => {
    upstreams.dashscope.onChat(() => ({ kind: 'sse', frames: sseFrames(fixtureChunks('dashscope-reasoning')) }));
    await collect(await client.chat.completions.create({ model: 'qwen3-max', stream: true, messages: user('Think.'), reasoning_effort: 'high' }));
    expect(last('dashscope').json).toMatchObject({ enable_thinking: true, thinking_budget: 32768 });
    expect(last('dashscope').json).not.toHaveProperty('reasoning_effort');
  });

  it("turns DashScope's error shape into an OpenAI error the client understands", async () => {
    upstreams.dashscope.onChat(() => ({
      kind: 'json', status: 400,
      body: JSON.stringify({ code: 'InvalidParameter', message: 'parameter.enable_thinking must be set to false for non-streaming calls', request_id: 'e2e-req-1' }),
    }));
    const error = await client.chat.completions.create({ model: 'qwen3-max', messages: user('x'), reasoning_effort: 'high' }).catch((caught) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.code).toBe('InvalidParameter');
    expect(error.message).toContain('request_id e2e-req-1');
    expect(error.message).toContain('"stream": true');
  });
});

describe('named presets', () => {
  it('groq: recorded tool call, whole and streamed', async () => {
    upstreams.groq.onChat(() => ({ kind: 'json', body: fixtureJson('groq-tool-call') }));
    const tools = [{ type: 'function' as const, function: { name: 'weather', parameters: { type: 'object', properties: {} } } }];
    const whole = await client.chat.completions.create({ model: 'llama-3.3-70b-versatile', messages: user('weather?'), tools });
    expect(whole.choices[0].message.tool_calls?.[0]).toMatchObject({ type: 'function', function: { name: 'weather', arguments: '{}' } });
    expect(last('groq').headers.authorization).toBe('Bearer gsk_test');
    upstreams.groq.onChat(() => ({ kind: 'sse', frames: sseFrames(fixtureChunks('groq-tool-call')) }));
    const streamed = await collect(await client.chat.completions.create({ model: 'llama-3.3-70b-versatile', stream: true, messages: user('weather?'), tools }));
    expect(streamed.calls).toEqual([{ id: 'tk85n1k4m', name: 'weather', arguments: '{}' }]);
    const text = fixtureJson('groq-text');
    upstreams.groq.onChat(() => ({ kind: 'json', body: text }));
    expect((await client.chat.completions.create({ model: 'llama-3.3-70b-versatile', messages: user('hi') })).choices[0].message.content).toBe(JSON.parse(text).choices[0].message.content);
  });

  it('deepseek: reasoning stream and recorded tool call', async () => {
    const lines = fixtureChunks('deepseek-reasoning');
    upstreams.deepseek.onChat(() => ({ kind: 'sse', frames: sseFrames(lines) }));
    const streamed = await collect(await client.chat.completions.create({ model: 'deepseek-reasoner', stream: true, messages: user('think') }));
    expect(streamed.content).toBe(assembledText(lines));
    expect(streamed.reasoning.length).toBeGreaterThan(0);
    upstreams.deepseek.onChat(() => ({ kind: 'sse', frames: sseFrames(fixtureChunks('deepseek-tool-call')) }));
    const calls = await collect(await client.chat.completions.create({ model: 'deepseek-reasoner', stream: true, messages: user('weather') }));
    expect(calls.calls[0].name).toBe('weather');
    expect(JSON.parse(calls.calls[0].arguments)).toBeTypeOf('object');
    upstreams.deepseek.onChat(() => ({ kind: 'json', body: fixtureJson('deepseek-tool-call') }));
    const whole = await client.chat.completions.create({ model: 'deepseek-reasoner', messages: user('weather') });
    expect((whole.choices[0].message as { reasoning_content?: string }).reasoning_content).toContain('San Francisco');
  });

  it('perplexity: citations and search_results reach the client untouched', async () => {
    const recorded = fixtureJson('perplexity-text');
    upstreams.perplexity.onChat(() => ({ kind: 'json', body: recorded }));
    const response = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'sonar', messages: user('decor') }) });
    expect(await response.text()).toBe(recorded);
    const completion = (await client.chat.completions.create({ model: 'sonar', messages: user('decor') })) as unknown as { citations: string[] };
    expect(completion.citations).toEqual(JSON.parse(recorded).citations);
    const lines = fixtureChunks('perplexity-text');
    const frames = sseFrames(lines);
    upstreams.perplexity.onChat(() => ({ kind: 'sse', frames }));
    const raw = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'sonar', stream: true, messages: user('decor') }) });
    expect(await raw.text()).toBe(frames.join(''));
    expect((await collect(await client.chat.completions.create({ model: 'sonar', stream: true, messages: user('decor') }))).content).toBe(assembledText(lines));
  });

  it('openrouter: attribution headers from the configuration', async () => {
    upstreams.openrouter.onChat(() => ({ kind: 'json', body: fixtureJson('openai-text') }));
    await client.chat.completions.create({ model: 'openai/gpt-4o', messages: user('hi') });
    expect(last('openrouter').headers).toMatchObject({ 'x-title': 'E2E', 'http-referer': 'https://example.org', authorization: 'Bearer sk-or-test' });
  });

  it('an unknown type works through the generic adapter, and `provider test` warns about it', async () => {
    upstreams.generic.onChat((request) => (request.json.stream ? { kind: 'sse', frames: sseFrames(fixtureChunks('openai-text')) } : { kind: 'json', body: fixtureJson('openai-text') }));
    const completion = await client.chat.completions.create({ model: 'mystery-model', messages: user('hi') });
    expect(completion.choices[0].message.content).toBe(JSON.parse(fixtureJson('openai-text')).choices[0].message.content);
    const probe = await runCliProcess(['--db', db, 'provider', 'test', 'mystery', '--json', '--skip-tools'], {}, dir);
    const result = JSON.parse(probe.stdout);
    expect(result.warnings.join('\n')).toContain('Unknown provider type "tabby-api"');
    expect(result.capabilities.streamUsage).toBe('always');
  });
});

describe('lm-studio', () => {
  it('serves the loaded model and lists it', async () => {
    const recorded = fixtureJson('openai-text');
    upstreams.lmstudio.onChat(() => ({ kind: 'json', body: recorded }));
    const completion = await client.chat.completions.create({ model: 'local-coder', messages: user('hi') });
    expect(completion.choices[0].message.content).toBe(JSON.parse(recorded).choices[0].message.content);
    expect(last('lmstudio').json.model).toBe('qwen3-coder-30b-a3b-instruct');
    expect(last('lmstudio').headers.authorization).toBeUndefined();
  });

  it('tells the client clearly when no model is loaded', async () => {
    upstreams.lmstudio.onChat(() => ({ kind: 'json', status: 400, body: JSON.stringify({ error: "No models loaded. Please load a model in the developer page or use the 'lms load' command." }) }));
    const error = await client.chat.completions.create({ model: 'local-coder', messages: user('hi') }).catch((caught) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error.status).toBe(503);
    expect(error.code).toBe('model_not_loaded');
    expect(error.message).toContain('"lms" has no model loaded');
  });

  it('tells the client clearly when several models are loaded and none was named', async () => {
    upstreams.lmstudio.onChat(() => ({
      kind: 'json', status: 400,
      body: JSON.stringify({ error: { message: "Multiple models are loaded. Please specify a model by providing a 'model' field.", type: 'invalid_request_error', param: 'model', code: 'model_not_found' } }),
    }));
    const error = await client.chat.completions.create({ model: 'local-coder', messages: user('hi') }).catch((caught) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error.code).toBe('model_not_found');
    expect(error.message).toContain('several models loaded');
  });
});

describe('qwen-proxy: XML tool mode', () => {
  const weatherTool = {
    type: 'function' as const,
    function: { name: 'get_weather', description: 'Current weather for a city.', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
  };
  const FINAL = 'It is 18°C and sunny in Paris.';

  /** Turn 1 answers with an XML tool call; once a <tool_response> is in the history, the final answer. */
  function twoTurnProxy(stream: boolean, style: 'hermes' | 'coder' = 'hermes'): (request: SeenRequest) => Reply {
    return (request) => {
      const messages = request.json.messages as { role: string; content: string }[];
      const answered = messages.some((message) => message.role === 'user' && message.content.includes('<tool_response>'));
      const call = style === 'hermes'
        ? 'Let me look that up.\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call>'
        : 'Let me look that up.\n<tool_call>\n<function=get_weather>\n<parameter=city>\nParis\n</parameter>\n</function>\n</tool_call>';
      const text = answered ? FINAL : call;
      return stream ? { kind: 'sse', frames: textStream(text, 3) } : { kind: 'json', body: completionJson(text) };
    };
  }

  it.each([false, true])('two turns with chat.completions.create (stream %s): tool call → tool result → final answer', async (stream) => {
    upstreams.qwenproxy.onChat(twoTurnProxy(stream));
    const messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Weather in Paris?' }];
    let toolCall: { id: string; name: string; arguments: string };
    if (stream) {
      const first = await collect(await client.chat.completions.create({ model: 'qwen3-coder-plus', stream: true, messages, tools: [weatherTool] }));
      expect(first.finish).toBe('tool_calls');
      expect(first.content).toBe('Let me look that up.');
      toolCall = first.calls[0] as typeof toolCall;
    } else {
      const first = await client.chat.completions.create({ model: 'qwen3-coder-plus', messages, tools: [weatherTool] });
      expect(first.choices[0].finish_reason).toBe('tool_calls');
      expect(first.choices[0].message.content).toBe('Let me look that up.');
      const call = first.choices[0].message.tool_calls![0] as OpenAI.Chat.Completions.ChatCompletionMessageFunctionToolCall;
      toolCall = { id: call.id, name: call.function.name, arguments: call.function.arguments };
    }
    expect(toolCall).toMatchObject({ id: expect.stringMatching(/^call_/), name: 'get_weather', arguments: '{"city":"Paris"}' });
    const firstRequest = last('qwenproxy').json;
    expect(firstRequest.tools).toBeUndefined();
    expect(firstRequest.messages[0].content).toContain('"get_weather"');

    messages.push({ role: 'assistant', content: null, tool_calls: [{ id: toolCall.id, type: 'function', function: { name: toolCall.name, arguments: toolCall.arguments } }] });
    messages.push({ role: 'tool', tool_call_id: toolCall.id, content: '{"temperature": 18, "sky": "sunny"}' });
    const answer = stream
      ? (await collect(await client.chat.completions.create({ model: 'qwen3-coder-plus', stream: true, messages, tools: [weatherTool] }))).content
      : (await client.chat.completions.create({ model: 'qwen3-coder-plus', messages, tools: [weatherTool] })).choices[0].message.content;
    expect(answer).toBe(FINAL);
    const history = last('qwenproxy').json.messages as { role: string; content: string }[];
    expect(history.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(history[2].content).toContain('<tool_call>\n{"name":"get_weather","arguments":{"city":"Paris"}}\n</tool_call>');
    expect(history[3].content).toBe('<tool_response>\n{"temperature": 18, "sky": "sunny"}\n</tool_response>');
  });

  it.each(['hermes', 'coder'] as const)("the openai client's tool runner completes the loop (%s style, streaming)", async (style) => {
    upstreams.qwenproxy.onChat(twoTurnProxy(true, style));
    const seen: string[] = [];
    const runner = client.chat.completions.runTools({
      model: 'qwen3-coder-plus',
      stream: true,
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [{
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Current weather for a city.',
          parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
          parse: JSON.parse,
          function: (args: { city: string }) => {
            seen.push(args.city);
            return { temperature: 18, sky: 'sunny' };
          },
        },
      }],
    });
    expect(await runner.finalContent()).toBe(FINAL);
    expect(seen).toEqual(['Paris']);
    const history = last('qwenproxy').json.messages as { role: string; content: string }[];
    expect(history.at(-1)!.content).toBe('<tool_response>\n{"temperature":18,"sky":"sunny"}\n</tool_response>');
  });

  it('malformed XML reaches the client as text, and a request without tools is untouched', async () => {
    const broken = 'Trying: <tool_call>{"name": get_weather}</tool_call>';
    upstreams.qwenproxy.onChat(() => ({ kind: 'sse', frames: textStream(broken, 4) }));
    const result = await collect(await client.chat.completions.create({ model: 'qwen3-coder-plus', stream: true, messages: user('x'), tools: [weatherTool] }));
    expect(result).toMatchObject({ content: broken, calls: [], finish: 'stop' });
    const recorded = fixtureJson('openai-text');
    upstreams.qwenproxy.onChat(() => ({ kind: 'json', body: recorded }));
    const raw = '{"model": "qwen3-coder-plus", "messages": [{"role": "user", "content": "hi"}]}';
    const response = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw });
    expect(await response.text()).toBe(recorded);
    expect(last('qwenproxy').body).toBe(raw);
  });
});

describe('capabilities learned by the probe', () => {
  it('a provider that reports stream usage only when asked gets include_usage on every stream after `provider test`', async () => {
    const withUsage = fixtureChunks('dashscope-text');
    upstreams.generic.onChat((request) => {
      if (!request.json.stream) return request.json.tools ? { kind: 'json', body: fixtureJson('groq-tool-call') } : { kind: 'json', body: fixtureJson('openai-text') };
      return { kind: 'sse', frames: sseFrames(request.json.stream_options?.include_usage ? withUsage : withUsage.slice(0, -1)) };
    });
    await cli('provider', 'add', '--id', 'learner', '--config', `baseURL=${upstreams.generic.baseURL}`, '--default-model', 'm');
    await cli('route', 'set', 'learner-model', 'learner:m');
    await applied();
    await collect(await client.chat.completions.create({ model: 'learner-model', stream: true, messages: user('hi') }));
    expect(last('generic').json.stream_options).toBeUndefined();
    const probe = JSON.parse((await cli('provider', 'test', 'learner', '--json')).stdout);
    expect(probe.capabilities).toMatchObject({ streamUsage: 'with_include_usage', nativeTools: true, toolMode: 'native' });
    await waitFor(async () => {
      await collect(await client.chat.completions.create({ model: 'learner-model', stream: true, messages: user('hi') }));
      return last('generic').json.stream_options?.include_usage === true;
    }, 3_000, 100);
  });
});
