/**
 * The router the browser tests drive: the built server as a process on 127.0.0.1 with its own
 * SQLite file, two fake OpenAI-compatible upstreams that answer in the OpenAI wire format (streams
 * chunk by chunk with a pause between chunks, so a page can be seen drawing partial text), the
 * real `openai` client for requests, and a small management API client for setting up state.
 */
import OpenAI from 'openai';
import { startFakeUpstream, startServerProcess, tempDir, type FakeUpstream, type Reply, type SeenRequest, type ServerProcess } from '@router/testkit';

/** An obviously fake provider key: it must never be seen unmasked in a page or a screenshot. */
export const FAKE_KEYS = {
  alpha: 'sk-fake-alpha-DO-NOT-SHOW-0123456789',
  beta: 'sk-fake-beta-DO-NOT-SHOW-9876543210',
  added: 'sk-fake-added-DO-NOT-SHOW-5555555555',
} as const;

/** How long a fake upstream waits between two stream chunks. */
export const CHUNK_DELAY_MS = 120;

/** The words of every streamed answer of `name`. */
export function answerWords(name: string): string[] {
  return `This is ${name} answering: the quick brown fox jumps over the lazy dog, one word at a time.`.split(/(?<= )/);
}

let ids = 0;

/** One OpenAI chat completion chunk as an SSE frame. */
function chunkFrame(model: string, choices: unknown[], usage?: object): string {
  return `data: ${JSON.stringify({ id: `chatcmpl-${name(model)}`, object: 'chat.completion.chunk', created: 1764547200, model, choices, ...(usage ? { usage } : {}) })}\n\n`;
}
const name = (model: string) => model.replace(/[^a-z0-9]/gi, '');

/**
 * A chat handler answering as `upstream` does: a JSON completion, or (for `stream: true`) the words
 * of `answerWords(upstream)` one chunk each, the finish chunk, a usage chunk when asked, `[DONE]`;
 * a model named `…-overloaded` gets a 503.
 */
export function answerAs(upstream: string, delayMs = CHUNK_DELAY_MS): (request: SeenRequest) => Reply {
  return (request) => {
    const model: string = request.json?.model ?? 'unknown';
    // a model whose name says so fails, as an overloaded upstream does (the router may fail over)
    if (model.endsWith('-overloaded')) {
      return { kind: 'json', status: 503, body: JSON.stringify({ error: { message: 'The model is overloaded, try again later.', type: 'server_error', param: null, code: 'overloaded' } }) };
    }
    const words = answerWords(upstream);
    const usage = { prompt_tokens: 12, completion_tokens: words.length, total_tokens: 12 + words.length };
    if (!request.json?.stream) {
      ids++;
      return {
        kind: 'json',
        body: JSON.stringify({
          id: `chatcmpl-${upstream}-${ids}`, object: 'chat.completion', created: 1764547200, model,
          choices: [{ index: 0, message: { role: 'assistant', content: words.join('') }, finish_reason: 'stop' }], usage,
        }),
      };
    }
    const frames = words.map((word, index) => chunkFrame(model, [{ index: 0, delta: index === 0 ? { role: 'assistant', content: word } : { content: word }, finish_reason: null }]));
    frames.push(chunkFrame(model, [{ index: 0, delta: {}, finish_reason: 'stop' }]));
    if (request.json?.stream_options?.include_usage) frames.push(chunkFrame(model, [], usage));
    frames.push('data: [DONE]\n\n');
    return { kind: 'sse', frames, delayMs };
  };
}

/** A running router with its upstreams. */
export interface RouterUnderTest {
  server: ServerProcess;
  /** The dashboard's address. */
  url: string;
  alpha: FakeUpstream;
  beta: FakeUpstream;
  /** The real `openai` client, pointed at the router. */
  client: OpenAI;
  /** Calls the management API (with the admin key, if the router has one); throws on an error status. */
  admin<T = any>(method: string, path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

/** Starts two fake upstreams and the built server (with `ADMIN_API_KEY` when `adminKey` is given). */
export async function startRouterUnderTest(options: { adminKey?: string; env?: Record<string, string> } = {}): Promise<RouterUnderTest> {
  const alpha = await startFakeUpstream({ chat: answerAs('alpha'), models: ['alpha-small', 'alpha-large'] });
  const beta = await startFakeUpstream({ chat: answerAs('beta'), models: ['beta-chat'] });
  const dir = tempDir('router-browser-');
  const server = await startServerProcess({ DATABASE_URL: `file:${dir}/router.db`, ...(options.adminKey ? { ADMIN_API_KEY: options.adminKey } : {}), ...options.env }, dir).catch(async (error) => {
    await alpha.close();
    await beta.close();
    throw error;
  });
  const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  return {
    server,
    url: server.url,
    alpha,
    beta,
    client,
    async admin(method, path, body) {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: { ...(options.adminKey ? { authorization: `Bearer ${options.adminKey}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
      return text ? JSON.parse(text) : undefined;
    },
    async close() {
      await server.stop();
      await alpha.close();
      await beta.close();
    },
  };
}
