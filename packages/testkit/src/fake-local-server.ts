/**
 * Fake local model servers on 127.0.0.1: LM Studio, Ollama, llama.cpp's `llama-server` and vLLM, each
 * speaking its own model-listing endpoints (shapes from each project's documentation, noted per kind
 * below) and OpenAI-compatible chat at `/v1/chat/completions`. Tests change `models` between refreshes
 * (load a model, change its context) and read `requests`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** The kinds of local server. */
export type LocalServerKind = 'lm-studio' | 'ollama' | 'llama-cpp' | 'vllm';

/** One model the fake server has. */
export interface FakeLocalModel {
  id: string;
  /** In memory (LM Studio, Ollama; llama.cpp and vLLM serve only loaded models). */
  loaded: boolean;
  /** The most context the model supports. */
  maxContext: number;
  /** The context it is loaded with. */
  loadedContext?: number;
  /** LM Studio's `type` (`llm`, `vlm`, `embeddings`). */
  type?: string;
  /**
   * A chat request for the model while it is not loaded first loads it, taking this many ms before
   * anything is sent (as LM Studio's just-in-time loading and Ollama do); it is loaded afterwards.
   */
  loadMs?: number;
  /** Every chat answer for the model waits this many ms before anything is sent (a slow server). */
  answerDelayMs?: number;
}

/** One request the server saw. */
export interface LocalServerRequest {
  method: string;
  path: string;
  body: string;
}

/** A running fake local server. */
export interface FakeLocalServer {
  kind: LocalServerKind;
  /** Origin, e.g. `http://127.0.0.1:1234`. */
  url: string;
  /** The OpenAI-compatible base URL (`…/v1`). */
  baseURL: string;
  models: FakeLocalModel[];
  requests: LocalServerRequest[];
  /** When false, every request is answered by closing the connection (the server is "down"). */
  up: boolean;
  close(): Promise<void>;
}

/** The streamed chat completion the fake answers with (`stream: true`): the role, the text in two deltas, the finish, `[DONE]`. */
export function localChatStream(kind: string, model: string): string {
  const chunk = (delta: Record<string, unknown>, finish: string | null) =>
    `data: ${JSON.stringify({ id: `chatcmpl-${kind}`, object: 'chat.completion.chunk', created: 1764547200, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  return chunk({ role: 'assistant', content: '' }, null) + chunk({ content: 'answered by ' }, null) + chunk({ content: kind }, null) + chunk({}, 'stop') + 'data: [DONE]\n\n';
}

/** The chat completion the fake answers with, naming the server kind and the model. */
export function localChatCompletion(kind: string, model: string): string {
  return JSON.stringify({
    id: `chatcmpl-${kind}`, object: 'chat.completion', created: 1764547200, model,
    choices: [{ index: 0, message: { role: 'assistant', content: `answered by ${kind}` }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 10, completion_tokens: 3, total_tokens: 13 },
  });
}

function listing(kind: LocalServerKind, path: string, method: string, body: string, models: FakeLocalModel[]): unknown {
  if (kind === 'lm-studio' && path === '/api/v0/models') {
    // lmstudio.ai/docs/developer/rest/endpoints, GET /api/v0/models (loaded_context_length on loaded models)
    return {
      object: 'list',
      data: models.map((model) => ({
        id: model.id, object: 'model', type: model.type ?? 'llm', publisher: 'lmstudio-community', arch: 'qwen3', compatibility_type: 'gguf', quantization: 'Q4_K_M',
        state: model.loaded ? 'loaded' : 'not-loaded', max_context_length: model.maxContext,
        ...(model.loaded && model.loadedContext ? { loaded_context_length: model.loadedContext } : {}),
      })),
    };
  }
  if (kind === 'ollama' && path === '/api/tags') {
    // docs.ollama.com/api/tags
    return { models: models.map((model) => ({ name: model.id, model: model.id, modified_at: '2026-11-01T10:00:00.000Z', size: 2019393189, digest: `digest-${model.id}`, details: { parent_model: '', format: 'gguf', family: 'llama', families: ['llama'], parameter_size: '3.2B', quantization_level: 'Q4_K_M' } })) };
  }
  if (kind === 'ollama' && path === '/api/ps') {
    // docs.ollama.com/api/ps (context_length: the context the model was loaded with)
    return { models: models.filter((model) => model.loaded).map((model) => ({ name: model.id, model: model.id, size: 6591830464, digest: `digest-${model.id}`, details: { format: 'gguf', family: 'llama' }, expires_at: '2026-12-01T10:05:00.000Z', size_vram: 5333539264, context_length: model.loadedContext })) };
  }
  if (kind === 'ollama' && path === '/api/show' && method === 'POST') {
    // docs.ollama.com/api/show: model_info carries "<architecture>.context_length"
    const name = (JSON.parse(body) as { model?: string }).model;
    const model = models.find((item) => item.id === name);
    if (!model) return undefined;
    return { modelfile: '', parameters: '', template: '{{ .Prompt }}', details: { format: 'gguf', family: 'llama' }, model_info: { 'general.architecture': 'llama', 'general.parameter_count': 3212749888, 'llama.context_length': model.maxContext, 'llama.embedding_length': 3072 }, capabilities: ['completion', 'tools'] };
  }
  if (kind === 'llama-cpp' && path === '/props') {
    // github.com/ggml-org/llama.cpp tools/server/README.md, GET /props: n_ctx is one slot's context
    const loaded = models.find((model) => model.loaded);
    return { default_generation_settings: { n_ctx: loaded?.loadedContext ?? 4096, params: { temperature: 0.8 } }, total_slots: 1, model_path: `/models/${loaded?.id ?? 'none'}.gguf`, chat_template: '', build_info: 'b7000' };
  }
  if (kind === 'llama-cpp' && path === '/slots') {
    const loaded = models.find((model) => model.loaded);
    return [{ id: 0, n_ctx: loaded?.loadedContext ?? 4096, is_processing: false }];
  }
  if (path === '/v1/models' && method === 'GET') {
    if (kind === 'llama-cpp') {
      // llama-server's GET /v1/models: meta.n_ctx_train is the most the model supports
      return { object: 'list', data: models.filter((model) => model.loaded).map((model) => ({ id: model.id, object: 'model', created: 1764547200, owned_by: 'llamacpp', meta: { vocab_type: 2, n_vocab: 151936, n_ctx_train: model.maxContext, n_embd: 4096, n_params: 8190735360, size: 5027783488 } })) };
    }
    if (kind === 'vllm') {
      // vLLM's ModelCard (vllm/entrypoints/openai/protocol.py): max_model_len
      return { object: 'list', data: models.map((model) => ({ id: model.id, object: 'model', created: 1764547200, owned_by: 'vllm', root: model.id, parent: null, max_model_len: model.loadedContext ?? model.maxContext, permission: [] })) };
    }
    // LM Studio and Ollama: a plain OpenAI list
    return { object: 'list', data: models.map((model) => ({ id: model.id, object: 'model', created: 1764547200, owned_by: kind === 'ollama' ? 'library' : 'organization_owner' })) };
  }
  return undefined;
}

/** Starts a fake local server of `kind` with `models` on a free port. */
export async function startFakeLocalServer(kind: LocalServerKind, models: FakeLocalModel[]): Promise<FakeLocalServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer(async (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const method = incoming.method ?? 'GET';
    const path = (incoming.url ?? '/').split('?')[0];
    fake.requests.push({ method, path, body });
    if (!fake.up) {
      incoming.socket.destroy();
      return;
    }
    const json = (status: number, value: unknown) => {
      outgoing.writeHead(status, { 'content-type': 'application/json' });
      outgoing.end(typeof value === 'string' ? value : JSON.stringify(value));
    };
    if (method === 'POST' && path === '/v1/chat/completions') {
      const request = (() => {
        try {
          return JSON.parse(body) as { model?: unknown; stream?: unknown };
        } catch {
          return {};
        }
      })();
      const model = String(request.model ?? 'unknown');
      const known = fake.models.find((item) => item.id === model);
      const wait = (known && !known.loaded ? (known.loadMs ?? 0) : 0) + (known?.answerDelayMs ?? 0);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (known && !known.loaded) {
        known.loaded = true;
        known.loadedContext ??= Math.min(known.maxContext, 4096);
      }
      if (incoming.socket.destroyed) return;
      if (request.stream === true) {
        outgoing.writeHead(200, { 'content-type': 'text/event-stream' });
        return outgoing.end(localChatStream(kind, model));
      }
      return json(200, localChatCompletion(kind, model));
    }
    const answer = listing(kind, path, method, body, fake.models);
    if (answer === undefined) return json(404, { error: `Unexpected endpoint or method. (${method} ${path})` });
    return json(200, answer);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakeLocalServer = {
    kind, url: `http://127.0.0.1:${port}`, baseURL: `http://127.0.0.1:${port}/v1`, models, requests: [], up: true,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  return fake;
}
