import { z } from 'zod';
import { httpUrl, openAICompatibleConfigSchema } from '../openai-compatible/config.js';
import { requiredApiKey } from '../openai-compatible/presets.js';

/** DashScope's OpenAI-compatible endpoints by region (keys are issued per region). */
export const DASHSCOPE_REGIONS = {
  /** China (Beijing), the default. */
  cn: 'https://dashscope.aliyuncs.com/compatible-mode/v1',
  /** International (Singapore). */
  intl: 'https://dashscope-intl.aliyuncs.com/compatible-mode/v1',
  /** US (Virginia). */
  us: 'https://dashscope-us.aliyuncs.com/compatible-mode/v1',
  /** China (Hong Kong). */
  hk: 'https://cn-hongkong.dashscope.aliyuncs.com/compatible-mode/v1',
} as const;

/** A DashScope region name. */
export type DashScopeRegion = keyof typeof DASHSCOPE_REGIONS;

const regionNames = Object.keys(DASHSCOPE_REGIONS) as [DashScopeRegion, ...DashScopeRegion[]];

/** Configuration of the Qwen (DashScope) adapter: the generic keys plus region and thinking defaults. */
export const qwenConfigSchema = openAICompatibleConfigSchema
  .extend({
    /** Overrides the region's endpoint (e.g. a workspace-dedicated domain). */
    baseURL: httpUrl.optional().describe('Overrides the region\'s endpoint (e.g. a workspace-dedicated domain).'),
    /** Which DashScope endpoint to use when no baseURL is given: cn (default), intl, us or hk. */
    region: z.enum(regionNames, { error: `must be one of ${regionNames.join(', ')}` }).optional().describe('Which DashScope endpoint to use when no baseURL is given: cn (default), intl, us or hk. Keys are issued per region.'),
    /** The DashScope API key (required). */
    apiKey: requiredApiKey('a DashScope API key (sk-…) from the Model Studio console of the region you call').describe('The DashScope API key of the region you call.'),
    /** Thinking budget in tokens when a client turns thinking on without one (default 8192). */
    thinkingBudget: z.coerce.number({ error: 'must be a number of tokens' }).int().positive().optional().describe('Thinking budget in tokens when a client turns thinking on without one (default 8192).'),
  })
  .transform((config) => ({ ...config, baseURL: config.baseURL ?? DASHSCOPE_REGIONS[config.region ?? 'cn'] }));

/** Validated Qwen configuration (baseURL resolved from the region). */
export type QwenConfig = z.output<typeof qwenConfigSchema>;
