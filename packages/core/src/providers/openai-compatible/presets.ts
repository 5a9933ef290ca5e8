/**
 * Named OpenAI-compatible services as thin configurations of the generic
 * adapter: a default base URL, whether a key is required, and the odd extra
 * header. Everything else (streaming passthrough, extra fields such as
 * Perplexity's `citations` or Groq's `x_groq`) is the generic adapter's.
 */
import { z } from 'zod';
import { secretField } from '../../secret-field.js';
import type { ProviderAdapter, ReasoningHistory } from '../../spec/adapter.js';
import { createOpenAICompatibleInstance, type LocalDiscovery, type OpenAICompatibleHooks } from './adapter.js';
import type { ChatCompletionBody } from '../../spec/adapter.js';
import { httpUrl, openAICompatibleConfigSchema, type OpenAICompatibleConfig } from './config.js';

/** One named service. */
export interface OpenAICompatiblePreset {
  /** Type name, e.g. `groq`. */
  type: string;
  /** One line for the CLI and docs. */
  description: string;
  /** Used when the configuration gives no `baseURL`. */
  baseURL: string;
  /** Whether `apiKey` must be configured. */
  apiKeyRequired: boolean;
  /** Where to get a key (named in the error when it is missing). */
  keyHint?: string;
  /** False when the service has no `GET /models`. */
  listsModels?: boolean;
  /** Rewrites a chat body for the service (the same object when nothing changes). */
  prepareBody?: OpenAICompatibleHooks['prepareBody'];
  /** The APIs besides chat it offers, passed through (default: embeddings and completions; the `apis` setting wins). */
  apis?: readonly ('embeddings' | 'completions' | 'responses')[];
  /** Extra configuration keys this service understands. */
  extraConfig?: z.ZodRawShape;
  /** Headers the service wants, from the validated configuration (configured `headers` still win). */
  headers?(config: Record<string, unknown>): Record<string, string>;
  /** A local server's model discovery (load state and context lengths). */
  discover?: LocalDiscovery;
  /** How earlier turns' reasoning reaches the service by default (the `reasoningHistory` setting wins). */
  reasoningHistory?: ReasoningHistory;
}

/**
 * OpenAI's chat API deprecated `max_tokens` and its reasoning models refuse it; `max_completion_tokens`
 * means the same on every model. Clients (and the Responses and Messages translations) still send
 * `max_tokens`, so the `openai` preset renames it.
 */
export function maxTokensAsCompletionTokens(body: ChatCompletionBody): ChatCompletionBody {
  if (body.max_tokens === undefined || body.max_tokens === null || body.max_completion_tokens !== undefined) return body;
  const { max_tokens: maxTokens, ...rest } = body;
  return { ...rest, max_completion_tokens: maxTokens } as ChatCompletionBody;
}

/** A required secret, with an error that says what to set. */
export function requiredApiKey(hint: string) {
  return secretField(
    z.string({ error: (issue) => (issue.input === undefined ? `is required: ${hint}` : 'must be a string') }).min(1, `must not be empty: ${hint}`),
  );
}

/** The schema of a preset: the generic one with a default base URL and, where needed, a required key. */
export function presetConfigSchema(preset: OpenAICompatiblePreset) {
  return openAICompatibleConfigSchema.extend({
    baseURL: httpUrl.default(preset.baseURL).describe(`The service's OpenAI-compatible endpoint (default ${preset.baseURL}).`),
    ...(preset.apiKeyRequired ? { apiKey: requiredApiKey(preset.keyHint ?? `set --config apiKey=<key> for ${preset.type}`).describe(`Sent as Authorization: Bearer <key>${preset.keyHint ? `: ${preset.keyHint}` : ''}.`) } : {}),
    ...preset.extraConfig,
  });
}

/** Builds the adapter for a preset. */
export function createPresetAdapter(preset: OpenAICompatiblePreset): ProviderAdapter<OpenAICompatibleConfig> {
  return {
    specificationVersion: 'v1',
    type: preset.type,
    description: preset.description,
    configSchema: presetConfigSchema(preset) as z.ZodType<OpenAICompatibleConfig>,
    create: ({ id, config, capabilities }) =>
      createOpenAICompatibleInstance(id, config, { capabilities, listsModels: preset.listsModels, headers: preset.headers?.(config), apis: preset.apis, prepareBody: preset.prepareBody, discover: preset.discover, reasoningHistory: preset.reasoningHistory }),
  };
}

/** The named services. */
export const openAICompatiblePresets: readonly OpenAICompatiblePreset[] = [
  { type: 'openai', description: 'OpenAI (api.openai.com).', baseURL: 'https://api.openai.com/v1', apis: ['embeddings', 'completions', 'responses'], prepareBody: maxTokensAsCompletionTokens, apiKeyRequired: true, keyHint: 'an OpenAI API key (sk-…) from platform.openai.com' },
  {
    type: 'openrouter',
    description: 'OpenRouter, with its attribution headers (siteUrl → HTTP-Referer, siteName → X-Title).',
    baseURL: 'https://openrouter.ai/api/v1',
    apiKeyRequired: true,
    keyHint: 'an OpenRouter API key (sk-or-…) from openrouter.ai/keys',
    extraConfig: {
      /** Sent as `HTTP-Referer`: the site OpenRouter credits in its rankings. */
      siteUrl: httpUrl.optional().describe('Sent as HTTP-Referer: the site OpenRouter credits in its rankings.'),
      /** Sent as `X-Title`: the app name OpenRouter shows (default `Router`). */
      siteName: z.string().trim().min(1, 'must not be empty').optional().describe('Sent as X-Title: the app name OpenRouter shows (default Router).'),
    },
    headers: (config) => ({
      'x-title': typeof config.siteName === 'string' ? config.siteName : 'Router',
      ...(typeof config.siteUrl === 'string' ? { 'http-referer': config.siteUrl } : {}),
    }),
  },
  { type: 'together', description: 'Together AI.', baseURL: 'https://api.together.xyz/v1', apiKeyRequired: true, keyHint: 'a Together AI API key from api.together.ai' },
  { type: 'groq', description: 'Groq (usage arrives in `x_groq`, passed through).', baseURL: 'https://api.groq.com/openai/v1', apiKeyRequired: true, keyHint: 'a Groq API key (gsk_…) from console.groq.com' },
  {
    type: 'perplexity',
    description: 'Perplexity Sonar (`citations` and `search_results` passed through).',
    baseURL: 'https://api.perplexity.ai',
    apiKeyRequired: true,
    keyHint: 'a Perplexity API key (pplx-…) from perplexity.ai/settings/api',
    // Perplexity has no model list endpoint; map models or set a default model instead.
    listsModels: false,
    apis: [],
  },
  { type: 'deepseek', description: 'DeepSeek (`reasoning_content` passed through, and sent back from Messages and Responses clients\' history).', baseURL: 'https://api.deepseek.com', apiKeyRequired: true, keyHint: 'a DeepSeek API key from platform.deepseek.com', reasoningHistory: 'reasoning_content' },
];

/** Adapters for every preset. */
export const presetAdapters: readonly ProviderAdapter<OpenAICompatibleConfig>[] = openAICompatiblePresets.map(createPresetAdapter);
