export { qwenProxyAdapter } from './adapter.js';
export { qwenProxyConfigSchema, QWEN_PROXY_DEFAULT_BASE_URL, type QwenProxyConfig } from './config.js';
