export { openAICompatibleAdapter, createOpenAICompatibleInstance, buildChatBody, DEFAULT_HEADERS_TIMEOUT_MS, DEFAULT_IDLE_TIMEOUT_MS } from './adapter.js';
export { openAICompatibleConfigSchema, httpUrl, milliseconds, jsonObject, type OpenAICompatibleConfig } from './config.js';
