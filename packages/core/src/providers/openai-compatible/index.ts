export {
  openAICompatibleAdapter, createOpenAICompatibleInstance, buildChatBody, withIncludeUsage, DEFAULT_HEADERS_TIMEOUT_MS, DEFAULT_IDLE_TIMEOUT_MS,
  type OpenAICompatibleHooks, type ProviderCapabilities, type LocalDiscovery,
} from './adapter.js';
export { openAICompatibleConfigSchema, httpUrl, milliseconds, jsonObject, type OpenAICompatibleConfig } from './config.js';
export { openAICompatiblePresets, presetAdapters, createPresetAdapter, presetConfigSchema, requiredApiKey, type OpenAICompatiblePreset } from './presets.js';
