/**
 * APIs served only by providers that speak them (`ProviderInstance.nativeApis`): embeddings,
 * legacy completions, and the pass-through half of the others. The client's body goes upstream
 * untouched (but for a renamed model) and the answer comes back untouched.
 */
import { openaiDialect } from '../dialects/dialect.js';
import { UpstreamError } from '../errors.js';
import { modelAndStream, parseJsonObject } from '../engine/chat-request.js';
import { API_NOT_OFFERED } from '../engine/retry-policy.js';
import { failedResponseError } from '../engine/upstream-answer.js';
import type { ProviderInstance } from '../spec/adapter.js';
import type { ClientApi, PassthroughCall } from '../spec/api.js';
import type { Operation, PrepareInput, UpstreamCall } from './operation.js';

const NAMES: Record<ClientApi, string> = {
  chat: 'chat completions', messages: 'Anthropic Messages', count_tokens: 'token counting', responses: 'the Responses API', embeddings: 'embeddings', completions: 'completions',
};

/** Whether `instance` speaks `api` natively. */
export function speaks(instance: ProviderInstance, api: ClientApi): boolean {
  return api === 'chat' || (instance.nativeApis?.includes(api) === true && instance.passthroughRequest !== undefined);
}

/** The error for a target that neither speaks the API nor can be translated to (the next target may). */
export function notOffered(instance: ProviderInstance, api: ClientApi): UpstreamError {
  return new UpstreamError(`Provider "${instance.id}" does not offer ${NAMES[api]}; route this model to a provider that does, or list the API in the provider's \`apis\` setting if it does.`, {
    status: 400, code: API_NOT_OFFERED, retryable: false, outcome: 'unsupported', type: 'invalid_request_error',
  });
}

/** The call that passes a request of `api` through to a provider speaking it. */
export function passthroughCall(api: ClientApi, input: PrepareInput<Record<string, unknown>>): UpstreamCall {
  const { instance, parsed } = input;
  if (!speaks(instance, api)) throw notOffered(instance, api);
  const call: PassthroughCall = { api, body: parsed.body, rawBody: input.rawBody, model: input.model, stream: parsed.stream, headers: input.headers };
  if (input.query) call.query = input.query;
  const upstream: UpstreamCall = { request: instance.passthroughRequest!(call), stream: parsed.stream, api };
  if (instance.mapError) upstream.mapError = (status, text, headers) => instance.mapError!(status, text, call, headers);
  // a Responses stream reports failure with its own terminal event, passed on to the client as it is
  if (api === 'responses' && parsed.stream) upstream.streamFailure = (sent, status) => failedResponseError(instance.id, sent, status);
  return upstream;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * What the log keeps of an embeddings answer: its model, usage and each vector's size, not the
 * vectors (a batch of them runs to megabytes). A body that is not what the API promises is kept
 * as it is.
 */
export function embeddingsForLog(body: Uint8Array): Uint8Array {
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(body));
  } catch {
    return body;
  }
  const value = parsed as { data?: unknown };
  if (!value || typeof value !== 'object' || !Array.isArray(value.data)) return body;
  const data = value.data.map((item: { index?: unknown; embedding?: unknown; object?: unknown }) => {
    const embedding = item?.embedding;
    // base64 vectors are packed float32s
    const dimensions = Array.isArray(embedding) ? embedding.length : typeof embedding === 'string' ? Math.floor((embedding.length * 3) / 4 / 4) : null;
    return { object: item?.object ?? 'embedding', index: item?.index ?? null, dimensions, encoding: typeof embedding === 'string' ? 'base64' : 'float' };
  });
  return encoder.encode(JSON.stringify({ ...(parsed as object), data, vectors_omitted: true }));
}

function passthroughOperation(api: ClientApi, endpoint: string, streams: boolean, logJson?: (body: Uint8Array) => Uint8Array): Operation<Record<string, unknown>> {
  return {
    api,
    endpoint,
    dialect: openaiDialect,
    parse(raw) {
      const body = parseJsonObject(raw, NAMES[api]);
      return { body, ...modelAndStream(body, streams) };
    },
    prepare: (input) => passthroughCall(api, input),
    ...(logJson ? { logJson } : {}),
  };
}

/** `POST /v1/embeddings`. */
export const embeddingsOperation = passthroughOperation('embeddings', '/v1/embeddings', false, embeddingsForLog);
/** `POST /v1/completions` (streaming too). */
export const completionsOperation = passthroughOperation('completions', '/v1/completions', true);
