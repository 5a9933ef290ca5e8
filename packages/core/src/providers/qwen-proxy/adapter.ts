/**
 * A Qwen proxy: an OpenAI-like upstream (e.g. a local bridge to Qwen's chat)
 * that cannot take native `tools`. The traffic is the generic adapter's; the
 * tool translation is XML tool mode, on by default for this type and applied
 * where instances are created (see `tool-mode/with-tool-mode.ts`).
 */
import type { ProviderAdapter } from '../../spec/adapter.js';
import { createOpenAICompatibleInstance } from '../openai-compatible/adapter.js';
import { qwenProxyConfigSchema, type QwenProxyConfig } from './config.js';

/** The Qwen proxy adapter. */
export const qwenProxyAdapter: ProviderAdapter<QwenProxyConfig> = {
  specificationVersion: 'v1',
  type: 'qwen-proxy',
  description: 'A local Qwen proxy (default http://localhost:3000/v1) without native tools: tool calls travel as XML in the text (toolMode=xml).',
  configSchema: qwenProxyConfigSchema,
  // a chat proxy: nothing else to pass through unless its `apis` setting says so
  create: ({ id, config, capabilities }) => createOpenAICompatibleInstance(id, config, { capabilities, apis: [] }),
};
