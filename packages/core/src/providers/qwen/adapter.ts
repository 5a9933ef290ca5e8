/**
 * Qwen on Alibaba Cloud DashScope (compatible mode). Streams pass through
 * untouched (`reasoning_content` included); the adapter asks for usage on
 * every stream, translates OpenAI-style reasoning controls, and turns
 * DashScope-shaped errors into OpenAI-shaped ones.
 */
import type { ProviderAdapter } from '../../spec/adapter.js';
import { createOpenAICompatibleInstance, withIncludeUsage } from '../openai-compatible/adapter.js';
import { qwenConfigSchema, type QwenConfig } from './config.js';
import { mapDashScopeError } from './dashscope-error.js';
import { applyThinking } from './reasoning.js';

/** The Qwen (DashScope) adapter. */
export const qwenAdapter: ProviderAdapter<QwenConfig> = {
  specificationVersion: 'v1',
  type: 'qwen',
  description: 'Qwen on Alibaba Cloud DashScope (apiKey required; region cn|intl|us|hk); reasoning controls mapped to enable_thinking.',
  configSchema: qwenConfigSchema as unknown as ProviderAdapter<QwenConfig>['configSchema'],
  create: ({ id, config, capabilities }) =>
    createOpenAICompatibleInstance(id, config, {
      capabilities,
      prepareBody(body, call) {
        const thought = applyThinking(body, call.stream, config.thinkingBudget);
        // DashScope reports stream usage only when asked; ask always so it is known (unless the client said no).
        return call.stream ? withIncludeUsage(thought) : thought;
      },
      mapError: (status, text, _call, headers) => mapDashScopeError(id, status, text, headers),
    }),
};
