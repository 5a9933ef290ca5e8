import { z } from 'zod';
import { secretField } from '../../secret-field.js';
import { toolModeConfigShape } from '../../tool-mode/with-tool-mode.js';
import { httpUrl, jsonObject, milliseconds } from '../openai-compatible/config.js';

/** Anthropic's API, which the Anthropic SDKs default to. */
export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';

/** The `anthropic-version` sent when the configuration and the client name none (the current version of the Messages API). */
export const ANTHROPIC_DEFAULT_VERSION = '2023-06-01';

/** Where the key comes from, named in the error when it is missing. */
const KEY_HINT = 'an Anthropic API key (sk-ant-…) from console.anthropic.com, or the key of the Anthropic-compatible service';

function isAnthropicHost(url: string): boolean {
  try {
    return new URL(url).hostname.toLowerCase() === 'api.anthropic.com';
  } catch {
    return false;
  }
}

/** Configuration of an Anthropic Messages API provider (Anthropic's own, or any service speaking its API). */
export const anthropicConfigSchema = z
  .looseObject({
    /** The API's base URL, without `/v1` (default `https://api.anthropic.com`); a trailing `/v1` is accepted too. */
    baseURL: httpUrl.default(ANTHROPIC_DEFAULT_BASE_URL).describe('The API\'s base URL, without /v1 (a trailing /v1 is accepted too).'),
    /** Sent as `x-api-key` (or `Authorization: Bearer`, see `keyHeader`); required for api.anthropic.com. */
    apiKey: secretField(z.string({ error: 'must be a string' }).min(1, `must not be empty: ${KEY_HINT}`)).optional().describe('Sent as x-api-key (or Authorization: Bearer, see keyHeader); required for api.anthropic.com.'),
    /** The header that carries the key: `x-api-key` (Anthropic's, default) or `authorization` (`Bearer <key>`, which some compatible services want). */
    keyHeader: z.enum(['x-api-key', 'authorization'], { error: 'must be x-api-key or authorization' }).optional().describe('The header that carries the key: x-api-key (default) or authorization (Bearer), which some compatible services want.'),
    /** The `anthropic-version` header when the client sends none (default `2023-06-01`). */
    anthropicVersion: z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty').optional().describe('The anthropic-version header when the client sends none (default 2023-06-01).'),
    /** The `anthropic-beta` header when the client sends none (comma-separated beta names). */
    anthropicBeta: z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty').optional().describe('The anthropic-beta header when the client sends none (comma-separated beta names).'),
    /**
     * `max_tokens` for chat requests that give none (Anthropic requires it; default 4096). Not called
     * `defaultMaxTokens`: a key naming "token" is masked as a secret on every read path.
     */
    defaultMaxOutput: z.coerce.number({ error: 'must be a number of tokens' }).int('must be a whole number of tokens').positive('must be a positive number of tokens').optional().describe('max_tokens for chat requests that give none (Anthropic requires it; default 4096).'),
    /** Fields merged into every translated chat request (e.g. `{"top_k":20}`); the translation's own fields win. Messages clients' bodies are sent as they are. */
    extraBody: jsonObject(z.record(z.string(), z.unknown(), { error: 'must be a JSON object' })).optional().describe('Fields merged into every translated chat request (e.g. {"top_k":20}); the translation\'s own fields win.'),
    /** Extra headers sent with every request. */
    headers: jsonObject(z.record(z.string(), z.string(), { error: 'must be an object of header strings' })).optional().describe('Extra headers sent with every request.'),
    /** Milliseconds to wait for response headers (default 60000). */
    timeout: milliseconds.optional().describe('Milliseconds to wait for response headers (default 60000).'),
    /** Longest silence between stream chunks, in milliseconds (default 120000). */
    idleTimeout: milliseconds.optional().describe('Longest silence between stream chunks, in milliseconds (default 120000).'),
    /** Milliseconds to wait for a new connection (default 10000, or REQUEST_TIMEOUT if shorter). */
    connectTimeout: milliseconds.optional().describe('Milliseconds to wait for a new connection (default 10000, or REQUEST_TIMEOUT if shorter).'),
    /** `xml` for an Anthropic-compatible model without native tool calls (see tool mode); chat clients only. */
    ...toolModeConfigShape,
  })
  .superRefine((config, context) => {
    if (config.apiKey === undefined && isAnthropicHost(config.baseURL)) context.addIssue({ code: 'custom', path: ['apiKey'], message: `is required: ${KEY_HINT}` });
  });

/** Validated Anthropic provider configuration. */
export type AnthropicConfig = z.infer<typeof anthropicConfigSchema>;
