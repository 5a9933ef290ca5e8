/**
 * The typed client of the management API: `openapi-fetch` over the paths generated from the
 * server's OpenAPI document (`schema.d.ts`). Every call carries the admin key, when there is one,
 * as `Authorization: Bearer`; a 401 answer signs the user out (the sign-in page comes back with
 * the server's message).
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

/** The client type pages use (`api.GET('/v1/providers')`, …). */
export type ApiClient = ReturnType<typeof createClient<paths>>;

/** An error answer of the API, in the OpenAI error shape it uses. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string | null = null,
    readonly param: string | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The message of an error body (`{"error":{"message"}}`), or a sentence built from the status. */
export function errorMessageOf(body: unknown, status: number): string {
  const error = (body as { error?: { message?: unknown } } | null)?.error;
  if (error && typeof error.message === 'string' && error.message) return error.message;
  return `The router answered ${status}${status >= 500 ? ' (server error)' : ''}.`;
}

/** The `ApiError` for an error answer. */
export function apiErrorOf(body: unknown, status: number): ApiError {
  const error = (body as { error?: { code?: unknown; param?: unknown } } | null)?.error;
  return new ApiError(status, errorMessageOf(body, status), typeof error?.code === 'string' ? error.code : null, typeof error?.param === 'string' ? error.param : null);
}

/** The data of an openapi-fetch result, or its error thrown as an `ApiError` (for TanStack Query). */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok || error !== undefined) throw apiErrorOf(error, response.status);
  return data as T;
}

/** The headers that authenticate a request made outside the client (the live tail's `fetch`). */
export function authHeaders(key: string | null): Record<string, string> {
  return key ? { authorization: `Bearer ${key}` } : {};
}

/** Creates the client: `key()` is read on every request; `onUnauthorized` gets the server's message on a 401. */
export function createApiClient(options: { key: () => string | null; onUnauthorized: (message: string) => void; baseUrl?: string; fetch?: typeof fetch }): ApiClient {
  const client = createClient<paths>({ baseUrl: options.baseUrl ?? window.location.origin, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const auth: Middleware = {
    onRequest({ request }) {
      const key = options.key();
      if (key) request.headers.set('authorization', `Bearer ${key}`);
      // the management API takes writes only as JSON, a body-less POST (enable, disable, reload…) included
      if (request.method !== 'GET' && request.method !== 'HEAD' && !request.headers.has('content-type')) request.headers.set('content-type', 'application/json');
      return request;
    },
    async onResponse({ response }) {
      if (response.status === 401) {
        const body: unknown = await response.clone().json().catch(() => null);
        options.onUnauthorized(errorMessageOf(body, 401));
      }
      return response;
    },
  };
  client.use(auth);
  return client;
}
