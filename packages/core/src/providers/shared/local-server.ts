/**
 * Helpers shared by the local server types (LM Studio, Ollama, llama.cpp, vLLM): their native
 * endpoints live beside the OpenAI-compatible `/v1`, and their answers are read loosely, since
 * versions add and drop fields.
 */
import type { UpstreamRequest } from '../../spec/transport.js';

/**
 * A request to one of the server's own endpoints, derived from its model-list request
 * (`http://host:1234/v1/models` → `http://host:1234/api/v0/models`): same headers and timeouts.
 */
export function nativeRequest(models: UpstreamRequest, path: string, body?: unknown): UpstreamRequest {
  const queryAt = models.url.indexOf('?');
  const query = queryAt < 0 ? '' : models.url.slice(queryAt);
  const root = (queryAt < 0 ? models.url : models.url.slice(0, queryAt)).replace(/\/models\/?$/, '').replace(/\/v1\/?$/, '');
  const request: UpstreamRequest = { ...models, url: `${root}${path}${query}` };
  if (body !== undefined) {
    request.method = 'POST';
    request.headers = { ...models.headers, 'content-type': 'application/json' };
    request.body = JSON.stringify(body);
  }
  return request;
}

/** A positive whole number of tokens, or undefined for anything else. */
export function tokenCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

/** The object at `key` of a JSON value, or an empty one. */
export function objectAt(value: unknown, key: string): Record<string, unknown> {
  const inner = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return inner && typeof inner === 'object' && !Array.isArray(inner) ? (inner as Record<string, unknown>) : {};
}

/** The objects of the array at `key` of a JSON value (a top-level array when `key` is null). */
export function entriesAt(value: unknown, key: string | null): Record<string, unknown>[] {
  const list = key === null ? value : value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  if (!Array.isArray(list)) return [];
  return list.filter((entry): entry is Record<string, unknown> => entry !== null && typeof entry === 'object' && !Array.isArray(entry));
}

/** A non-empty string, or undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** The provider types that are local model servers (their models are discovered, and may need loading). */
export const LOCAL_SERVER_TYPES: ReadonlySet<string> = new Set(['lm-studio', 'ollama', 'llama-cpp', 'vllm']);
