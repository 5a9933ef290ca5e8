/** Boundary validation for the management API: zod schemas, errors that name the bad field in `param`. */
import type { Context } from 'hono';
import { z } from 'zod';
import { CONFIG_KEY_PATTERN, CONFIG_KEY_RULE, formatFieldPath as formatPath, InvalidRequestError, isConfigKey, PROTOTYPE_KEYS, prototypeKeyPath, RouterError, unresolvedMask } from '@router/core';
import { assertModelId, assertProviderId, MODEL_ID_PATTERN, PROVIDER_ID_PATTERN } from '@router/store';

/** Throws a 400 naming the first bad field unless `value` matches `schema`. */
export function parseWith<T extends z.ZodType>(schema: T, value: unknown, prefix: readonly PropertyKey[] = []): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = [...prefix, ...issue.path];
  if (issue.code === 'unrecognized_keys') {
    const param = formatPath([...path, issue.keys[0]]);
    throw new InvalidRequestError(`Unknown field "${param}".`, param, 'unknown_field');
  }
  const param = formatPath(path) || null;
  throw new InvalidRequestError(param ? `Invalid ${param}: ${issue.message}` : `Invalid request body: ${issue.message}`, param, 'invalid_value');
}

/** Largest management request body, in bytes. */
export const MAX_BODY_BYTES = 1 << 20;
/** Deepest JSON nesting a management body may have (configs are a few levels deep). */
export const MAX_JSON_DEPTH = 64;

/** 413 for a management body over `MAX_BODY_BYTES`. */
export function bodyTooLarge(): RouterError {
  return new RouterError(`The request body is larger than the management API's limit of ${MAX_BODY_BYTES} bytes.`, { status: 413, type: 'invalid_request_error', code: 'payload_too_large' });
}

/**
 * Reads the body as text, counting bytes as they arrive: a declared length over
 * the limit is refused before reading, and the read stops at the first byte past it.
 */
export async function readLimitedText(request: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) throw bodyTooLarge();
  if (!request.body) return '';
  const reader = request.body.getReader();
  const decoder = new TextDecoder();
  let length = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > limit) {
      await reader.cancel().catch(() => undefined);
      throw bodyTooLarge();
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/** True when `value` nests arrays or objects deeper than `limit` (walked without recursion). */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [item, depth] = stack.pop()!;
    if (!item || typeof item !== 'object') continue;
    if (depth >= limit) return true;
    for (const inner of Object.values(item)) if (inner && typeof inner === 'object') stack.push([inner, depth + 1]);
  }
  return false;
}

/** Reads and validates a JSON body (read with a byte limit; too deep a nesting or a prototype name as a key is a 400); an empty body counts as `{}`. */
export async function readJson<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  const text = await readLimitedText(c.req.raw);
  let value: unknown = {};
  if (text.trim() !== '') {
    try {
      value = JSON.parse(text);
    } catch {
      throw new InvalidRequestError('The request body is not valid JSON.', null, 'invalid_json');
    }
  }
  if (nestedDeeperThan(value, MAX_JSON_DEPTH)) throw new InvalidRequestError(`The request body nests deeper than ${MAX_JSON_DEPTH} levels.`, null, 'json_too_deep');
  const prototypeKey = prototypeKeyPath(value);
  if (prototypeKey !== null) throw new InvalidRequestError(`${prototypeKey}: __proto__, constructor and prototype are not accepted as names.`, prototypeKey, 'invalid_key');
  return parseWith(schema, value);
}

/** Validates the query string. */
export function readQuery<T extends z.ZodType>(c: Context, schema: T): z.infer<T> {
  return parseWith(schema, c.req.query());
}

/** The `:id` (or other) path parameter as a provider id. */
export function providerIdParam(c: Context, name = 'id'): string {
  return assertProviderId(c.req.param(name), name);
}

/** A path parameter as a model id. */
export function modelIdParam(c: Context, name = 'id'): string {
  return assertModelId(c.req.param(name), name);
}

/** A provider id field (its pattern is the store's, so the published schema states the rule the store enforces). */
export const providerIdSchema = z
  .string()
  .superRefine((value, context) => {
    try {
      assertProviderId(value);
    } catch (error) {
      context.addIssue({ code: 'custom', message: (error as Error).message.replace(/^id /, '') });
    }
  })
  .meta({ pattern: PROVIDER_ID_PATTERN.source, description: 'A provider id: 1-64 characters of letters, digits and . _ - (starting with a letter or digit).' });

/** A model id field. */
export const modelIdSchema = z
  .string()
  .superRefine((value, context) => {
    try {
      assertModelId(value);
    } catch (error) {
      context.addIssue({ code: 'custom', message: (error as Error).message.replace(/^id /, '') });
    }
  })
  .meta({ pattern: MODEL_ID_PATTERN.source, description: 'A model id: 1-128 characters of letters, digits and . _ : / - (starting with a letter or digit).' });

/** A config key (the published schema carries its pattern and the names it refuses). */
export const configKeySchema = z
  .string()
  .refine(isConfigKey, `config keys are ${CONFIG_KEY_RULE}`)
  .meta({ pattern: CONFIG_KEY_PATTERN.source, not: { enum: [...PROTOTYPE_KEYS] } });

/** A config object: keys are plain names, values any JSON. */
export const configSchema = z.record(configKeySchema, z.unknown());

/** `true`/`false`/`1`/`0` in a query string. */
export const queryBoolean = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

/** A bounded integer in a query string. */
export const queryInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Throws a 400 when an update carries a mask with no stored secret behind it. */
export function assertNoUnresolvedMask(update: Record<string, unknown>, stored: Record<string, unknown>): void {
  const param = unresolvedMask(update, stored);
  if (param) throw new InvalidRequestError(`${param} is a masked placeholder with no stored secret behind it; send the real value.`, param, 'masked_value');
}
