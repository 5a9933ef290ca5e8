export { vllmAdapter, VLLM_DEFAULT_BASE_URL } from './adapter.js';
export { discoverVllm, parseVllmModels } from './discovery.js';
