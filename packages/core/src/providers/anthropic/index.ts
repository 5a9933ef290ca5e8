export { anthropicAdapter } from './adapter.js';
export { anthropicConfigSchema, ANTHROPIC_DEFAULT_BASE_URL, ANTHROPIC_DEFAULT_VERSION, type AnthropicConfig } from './config.js';
