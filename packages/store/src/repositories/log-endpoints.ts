/**
 * The log's `endpoint` column: the path of the client API a request came in on. Readers filter
 * by it with either the path or the API's short name (`chat`, `messages`, …).
 */
import { InvalidRequestError, type ClientApi } from '@router/core';

/** The path each client API logs as its `endpoint` (the path its operation serves). */
export const LOG_ENDPOINTS: Readonly<Record<ClientApi, string>> = {
  chat: '/v1/chat/completions',
  messages: '/v1/messages',
  count_tokens: '/v1/messages/count_tokens',
  responses: '/v1/responses',
  embeddings: '/v1/embeddings',
  completions: '/v1/completions',
};

const NAMES = Object.keys(LOG_ENDPOINTS) as ClientApi[];
const PATHS = Object.values(LOG_ENDPOINTS);
const NAME_OF = new Map<string, string>(NAMES.map((name) => [LOG_ENDPOINTS[name], name]));

/** What an endpoint filter accepts, for error messages. */
export const LOG_ENDPOINT_VALUES = `an API name (${NAMES.join(', ')}) or its path (${PATHS.join(', ')})`;

/** The logged path an endpoint filter names (a path or an API's short name), or undefined when it names none. */
export function logEndpointPath(value: string): string | undefined {
  if (Object.hasOwn(LOG_ENDPOINTS, value)) return LOG_ENDPOINTS[value as ClientApi];
  return NAME_OF.has(value) ? value : undefined;
}

/** The logged path an endpoint filter names; a 400 naming `param` and the accepted values when it names none. */
export function parseLogEndpoint(value: string, param = 'endpoint'): string {
  const path = logEndpointPath(value);
  if (path === undefined) throw new InvalidRequestError(`${param} must be ${LOG_ENDPOINT_VALUES}; got "${value}"`, param, 'invalid_value');
  return path;
}

/** The API's short name for a logged path (the path itself when it is none of the router's). */
export function logEndpointName(path: string): string {
  return NAME_OF.get(path) ?? path;
}
