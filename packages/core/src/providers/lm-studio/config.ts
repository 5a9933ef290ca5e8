import { z } from 'zod';
import { httpUrl, openAICompatibleConfigSchema } from '../openai-compatible/config.js';

/** The address LM Studio's server listens on by default. */
export const LM_STUDIO_DEFAULT_BASE_URL = 'http://localhost:1234/v1';

/** Configuration of an LM Studio server: the generic keys, with a default base URL and no key needed. */
export const lmStudioConfigSchema = openAICompatibleConfigSchema.extend({
  /** LM Studio's OpenAI-compatible endpoint (default `http://localhost:1234/v1`). */
  baseURL: httpUrl.default(LM_STUDIO_DEFAULT_BASE_URL).describe('LM Studio\'s OpenAI-compatible endpoint.'),
});

/** Validated LM Studio configuration. */
export type LmStudioConfig = z.infer<typeof lmStudioConfigSchema>;
