/** vLLM's OpenAI-compatible server, with each model's `max_model_len` learned from its model list. */
import { createPresetAdapter } from '../openai-compatible/presets.js';
import { discoverVllm } from './discovery.js';

/** The address `vllm serve` listens on by default. */
export const VLLM_DEFAULT_BASE_URL = 'http://127.0.0.1:8000/v1';

/** The vLLM adapter. */
export const vllmAdapter = createPresetAdapter({
  type: 'vllm',
  description: 'vLLM (default http://127.0.0.1:8000/v1, key optional); context discovered from max_model_len.',
  baseURL: VLLM_DEFAULT_BASE_URL,
  apiKeyRequired: false,
  discover: discoverVllm,
});
