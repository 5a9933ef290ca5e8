/** Reads and validates a client's chat completion body, loosely: unknown fields pass through. */
import { z } from 'zod';
import { InvalidRequestError } from '../errors.js';
import type { ChatCompletionBody } from '../spec/adapter.js';

const chatBodySchema = z.looseObject({
  model: z.string({ error: (issue) => (issue.input === undefined ? 'you must provide a model parameter' : 'model must be a string') }).min(1, 'model must not be empty'),
  messages: z.array(z.unknown(), { error: (issue) => (issue.input === undefined ? 'messages is required' : 'messages must be an array') }),
  stream: z.boolean({ error: 'stream must be a boolean' }).nullish(),
});

/** Parses a request body that must be a JSON object; throws `InvalidRequestError` (`empty_body`, `invalid_json`). */
export function parseJsonObject(raw: string, what = 'chat completion'): Record<string, unknown> {
  if (raw.length === 0) throw new InvalidRequestError(`The request body is empty; send a JSON ${what} request.`, null, 'empty_body');
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw new InvalidRequestError(`The request body is not valid JSON: ${(error as Error).message}`, null, 'invalid_json');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidRequestError('The request body must be a JSON object.', null, 'invalid_json');
  }
  return value as Record<string, unknown>;
}

/** The `model` and `stream` fields every API's body has; throws `InvalidRequestError` naming the bad one. */
export function modelAndStream(body: Record<string, unknown>, streams = true): { model: string; stream: boolean } {
  const model = body.model;
  if (model === undefined) throw new InvalidRequestError('you must provide a model parameter', 'model', 'invalid_value');
  if (typeof model !== 'string') throw new InvalidRequestError('model must be a string', 'model', 'invalid_value');
  if (model.length === 0) throw new InvalidRequestError('model must not be empty', 'model', 'invalid_value');
  const stream = body.stream;
  if (stream !== undefined && stream !== null && typeof stream !== 'boolean') throw new InvalidRequestError('stream must be a boolean', 'stream', 'invalid_value');
  if (stream === true && !streams) throw new InvalidRequestError('this endpoint does not stream', 'stream', 'invalid_value');
  return { model, stream: stream === true };
}

/** Parses the raw body text; throws `InvalidRequestError` naming the bad field. */
export function parseChatBody(raw: string): ChatCompletionBody {
  const value = parseJsonObject(raw);
  const result = chatBodySchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const param = issue.path.map(String).join('.') || null;
    throw new InvalidRequestError(issue.message, param, 'invalid_value');
  }
  return value as ChatCompletionBody;
}
