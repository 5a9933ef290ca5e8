/**
 * Ollama: chat (and embeddings, completions) through its OpenAI-compatible `/v1` endpoints, and what
 * it has (models, which are loaded, their contexts) from its native API (`discovery.ts`).
 */
import type { ProviderAdapter } from '../../spec/adapter.js';
import { createOpenAICompatibleInstance } from '../openai-compatible/adapter.js';
import type { OpenAICompatibleConfig } from '../openai-compatible/config.js';
import { presetConfigSchema } from '../openai-compatible/presets.js';
import { createOllamaDiscovery } from './discovery.js';

/** The address Ollama listens on by default. */
export const OLLAMA_DEFAULT_BASE_URL = 'http://127.0.0.1:11434/v1';

const preset = { type: 'ollama', description: 'Ollama (default http://127.0.0.1:11434/v1, no key); models, load state and context discovered from its API.', baseURL: OLLAMA_DEFAULT_BASE_URL, apiKeyRequired: false };

/** The Ollama adapter. */
export const ollamaAdapter: ProviderAdapter<OpenAICompatibleConfig> = {
  specificationVersion: 'v1',
  type: preset.type,
  description: preset.description,
  configSchema: presetConfigSchema(preset) as unknown as ProviderAdapter<OpenAICompatibleConfig>['configSchema'],
  // each instance remembers its own `/api/show` answers
  create: ({ id, config, capabilities }) => createOpenAICompatibleInstance(id, config, { capabilities, discover: createOllamaDiscovery() }),
};
