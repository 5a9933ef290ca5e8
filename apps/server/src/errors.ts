/** The server edge: the one place errors become HTTP responses, shaped for the route's clients. */
import type { Context } from 'hono';
import { RouterError, requestIdFrom } from '@router/core';
import { storageError } from '@router/store';
import type { Logger } from './logger.js';
import type { AppEnv } from './app-env.js';
import { dialectOfRequest } from './routes/route-dialect.js';

/**
 * Builds the error response for any error, in the shape the route's clients expect (OpenAI's, or
 * Anthropic's on the Messages routes; see `dialectOfRequest`). A database failure a person can act
 * on (full disk, read-only file) says so; other unknown errors are logged and answered with a bare 500.
 */
export function errorResponse(c: Context<AppEnv>, error: unknown, logger?: Logger): Response {
  const storage = RouterError.isInstance(error) ? null : storageError(error);
  if (storage) logger?.error('database write failed', { error: (error as Error)?.message ?? String(error), path: c.req.path });
  else if (!RouterError.isInstance(error)) logger?.error('unhandled error', { error: (error as Error)?.stack ?? String(error), path: c.req.path });
  const requestId = c.get('requestId') ?? requestIdFrom(c.req.header('x-request-id'));
  const dialect = dialectOfRequest(c.req.method, c.req.path, c.req.header('anthropic-version'));
  const { status, body, retryAfter } = dialect.errorBody(storage ?? error, requestId);
  const headers: Record<string, string> = {};
  if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
  headers['x-request-id'] = requestId;
  return c.json(body, status as 400, headers);
}
