import { z } from 'zod';
import { secretField } from '../../secret-field.js';
import { toolModeConfigShape } from '../../tool-mode/with-tool-mode.js';

/** An http(s) URL; anything else is refused with a message naming the field. */
export const httpUrl = z
  .string({ error: 'must be a URL string' })
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// URL');

/** Milliseconds, accepted as a number or a numeric string (values from the CLI and env arrive as strings). */
export const milliseconds = z.coerce.number({ error: 'must be a number of milliseconds' }).int().positive().max(3_600_000);

/** A JSON object given either as an object or as its JSON text. */
export function jsonObject<T extends z.ZodType>(inner: T) {
  return z.preprocess((value) => {
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }, inner);
}

/** The APIs an OpenAI-compatible service may offer besides chat, passed through by path. */
export const PASSTHROUGH_APIS = ['embeddings', 'completions', 'responses'] as const;

/** Configuration of the generic OpenAI-compatible adapter. */
export const openAICompatibleConfigSchema = z.looseObject({
  /** Base URL including the version path, e.g. `https://api.groq.com/openai/v1`. */
  baseURL: httpUrl.describe('Base URL including the version path, e.g. https://api.groq.com/openai/v1.'),
  /** Sent as `Authorization: Bearer …` when set. */
  apiKey: secretField(z.string().min(1, 'must not be empty')).optional().describe('Sent as Authorization: Bearer <key> when set.'),
  /** Extra headers sent with every request. */
  headers: jsonObject(z.record(z.string(), z.string(), { error: 'must be an object of header strings' })).optional().describe('Extra headers sent with every request.'),
  /** Fields merged into every request body (the client's fields win). */
  extraBody: jsonObject(z.record(z.string(), z.unknown(), { error: 'must be a JSON object' })).optional().describe('Fields merged into every request body (the client\'s fields win).'),
  /** Milliseconds to wait for response headers (default 60000). */
  timeout: milliseconds.optional().describe('Milliseconds to wait for response headers (default 60000).'),
  /** Longest silence between stream chunks, in milliseconds (default 120000). */
  idleTimeout: milliseconds.optional().describe('Longest silence between stream chunks, in milliseconds (default 120000).'),
  /** Milliseconds to wait for a new connection (default 10000, or REQUEST_TIMEOUT if shorter). */
  connectTimeout: milliseconds.optional().describe('Milliseconds to wait for a new connection (default 10000, or REQUEST_TIMEOUT if shorter).'),
  /**
   * The OpenAI APIs besides chat completions the service offers, passed through as they are (default
   * `embeddings,completions`; add `responses` for a service that has OpenAI's Responses API). Given as a
   * list or comma-separated text; an empty list offers chat only.
   */
  apis: z
    .preprocess(
      (value) => (typeof value === 'string' ? value.split(',').map((part) => part.trim()).filter((part) => part.length > 0) : value),
      z.array(z.enum(PASSTHROUGH_APIS, { error: `must list APIs among ${PASSTHROUGH_APIS.join(', ')}` }), { error: 'must be a list of APIs' }),
    )
    .optional()
    .describe('The OpenAI APIs besides chat the service offers, passed through as they are (default embeddings and completions; an empty list offers chat only).'),
  /**
   * How reasoning from earlier turns of a Messages or Responses client (its `thinking` blocks or
   * `reasoning` items) reaches the service: `drop` leaves it out (the default; some services refuse
   * `reasoning_content` in requests), `reasoning_content` sends it on the assistant message it belongs to
   * (DeepSeek's thinking mode requires it back across tool calls; the `deepseek` type's default).
   */
  reasoningHistory: z
    .enum(['drop', 'reasoning_content'], { error: 'must be "drop" or "reasoning_content"' })
    .optional()
    .describe('How earlier turns\' reasoning from a Messages or Responses client reaches the service: drop (default), or reasoning_content on the assistant message (DeepSeek\'s thinking mode requires it across tool calls; the deepseek type\'s default).'),
  ...toolModeConfigShape,
});

/** Validated configuration of the generic adapter. */
export type OpenAICompatibleConfig = z.infer<typeof openAICompatibleConfigSchema>;
