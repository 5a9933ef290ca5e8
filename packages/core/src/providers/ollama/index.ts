export { ollamaAdapter, OLLAMA_DEFAULT_BASE_URL } from './adapter.js';
export { createOllamaDiscovery, ollamaMaxContext } from './discovery.js';
