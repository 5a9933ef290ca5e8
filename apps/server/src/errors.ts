/** The server edge: the one place errors become OpenAI-shaped HTTP responses. */
import type { Context } from 'hono';
import { RouterError, toOpenAIError, requestIdFrom } from '@router/core';
import type { Logger } from './logger.js';

/** Builds the error response for any error; unknown errors are logged and answered with a bare 500. */
export function errorResponse(c: Context, error: unknown, logger?: Logger): Response {
  if (!RouterError.isInstance(error)) logger?.error('unhandled error', { error: (error as Error)?.stack ?? String(error), path: c.req.path });
  const { status, body, retryAfter } = toOpenAIError(error);
  const headers: Record<string, string> = {};
  if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
  headers['x-request-id'] = (c.get('requestId' as never) as string | undefined) ?? requestIdFrom(c.req.header('x-request-id'));
  return c.json(body, status as 400, headers);
}
