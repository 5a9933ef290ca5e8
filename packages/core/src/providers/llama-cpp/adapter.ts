/** llama.cpp's `llama-server`: OpenAI-compatible chat, with its context learned from `/props` and `/slots`. */
import { createPresetAdapter } from '../openai-compatible/presets.js';
import { discoverLlamaCpp } from './discovery.js';

/** The address `llama-server` listens on by default. */
export const LLAMA_CPP_DEFAULT_BASE_URL = 'http://127.0.0.1:8080/v1';

/** The llama.cpp adapter. */
export const llamaCppAdapter = createPresetAdapter({
  type: 'llama-cpp',
  description: "llama.cpp's llama-server (default http://127.0.0.1:8080/v1, no key); context discovered from /props and /slots.",
  baseURL: LLAMA_CPP_DEFAULT_BASE_URL,
  apiKeyRequired: false,
  discover: discoverLlamaCpp,
});
