export { anthropicAdapter, createAnthropicInstance, mapAnthropicError, anthropicUrls, ANTHROPIC_NATIVE_APIS } from './adapter.js';
export { anthropicConfigSchema, ANTHROPIC_DEFAULT_BASE_URL, ANTHROPIC_DEFAULT_VERSION, type AnthropicConfig } from './config.js';
