export { llamaCppAdapter, LLAMA_CPP_DEFAULT_BASE_URL } from './adapter.js';
export { discoverLlamaCpp, parseLlamaCppModels } from './discovery.js';
