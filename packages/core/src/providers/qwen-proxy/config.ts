import { z } from 'zod';
import { toolModeConfigShape } from '../../tool-mode/with-tool-mode.js';
import { httpUrl, openAICompatibleConfigSchema } from '../openai-compatible/config.js';

/** Where a local Qwen proxy listens by default. */
export const QWEN_PROXY_DEFAULT_BASE_URL = 'http://localhost:3000/v1';

/** Configuration of a Qwen proxy: the generic keys, a local default, and XML tool mode on by default. */
export const qwenProxyConfigSchema = openAICompatibleConfigSchema.extend({
  /** The proxy's OpenAI-like endpoint (default `http://localhost:3000/v1`). */
  baseURL: httpUrl.default(QWEN_PROXY_DEFAULT_BASE_URL).describe('The proxy\'s OpenAI-like endpoint.'),
  /** `xml` by default: the proxy cannot take native `tools`, so they travel as XML in the text. */
  toolMode: toolModeConfigShape.toolMode.unwrap().default('xml').describe('xml by default: the proxy cannot take native tools, so they travel as XML in the text.'),
});

/** Validated Qwen proxy configuration. */
export type QwenProxyConfig = z.infer<typeof qwenProxyConfigSchema>;
