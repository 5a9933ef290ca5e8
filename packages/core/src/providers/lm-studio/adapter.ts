/**
 * LM Studio's local server. Plain OpenAI-compatible traffic (tool calls pass
 * through when the loaded model supports them); what it adds is turning LM
 * Studio's model-loading errors into answers that say what to do.
 *
 * The texts matched are LM Studio's own (0.3.x / 0.4.x), as reported by users:
 * - HTTP 400 `No models loaded. Please load a model in the developer page or use the 'lms load' command.`
 * - HTTP 400 `{"error":{"message":"Multiple models are loaded. Please specify a model by providing a 'model' field.", "code":"model_not_found", …}}`
 * - HTTP 404 `{"error":{"message":"Model \"x\" not found. Please specify a valid model.\n\nYour models:\n\na\nb", "code":"model_not_found", …}}`
 */
import { UpstreamError, type RouterError } from '../../errors.js';
import type { ChatCall, ProviderAdapter } from '../../spec/adapter.js';
import type { PassthroughCall } from '../../spec/api.js';
import { createOpenAICompatibleInstance } from '../openai-compatible/adapter.js';
import { lmStudioConfigSchema, type LmStudioConfig } from './config.js';
import { discoverLmStudio } from './discovery.js';

/** The message of an error body in any of the shapes LM Studio uses (`{error:{message}}`, `{error:"…"}`, `{message}`). */
export function errorMessageOf(text: string): string {
  try {
    const body = JSON.parse(text);
    if (typeof body?.error?.message === 'string') return body.error.message;
    if (typeof body?.error === 'string') return body.error;
    if (typeof body?.message === 'string') return body.message;
  } catch {
    // not JSON: the text is the message
  }
  return text.trim();
}

/** The model ids LM Studio lists after "Your models:" in a not-found error. */
export function listedModels(message: string): string[] {
  const index = message.indexOf('Your models:');
  if (index < 0) return [];
  return message
    .slice(index + 'Your models:'.length)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/** Maps LM Studio's model-loading errors to clear router errors; anything else keeps the default handling. */
export function mapLmStudioError(providerId: string, status: number, text: string, call: ChatCall | PassthroughCall): RouterError | null {
  const message = errorMessageOf(text);
  if (/no models? (?:are )?loaded/i.test(message)) {
    // Another target may have the model: this provider is unavailable rather than the request wrong.
    return new UpstreamError(
      `LM Studio provider "${providerId}" has no model loaded. Load one in LM Studio (Developer tab) or with \`lms load <model>\`, or turn on Just-in-Time model loading. (LM Studio said: ${message})`,
      { status: 503, code: 'model_not_loaded', retryable: true, upstreamStatus: status, outcome: 'http_error', type: 'upstream_error' },
    );
  }
  const several = /multiple models are loaded/i.test(message);
  const notFound = /not found/i.test(message) && /specify a valid model/i.test(message);
  if (several || notFound) {
    const models = listedModels(message);
    const choices = models.length > 0 ? `Ask for one of: ${models.join(', ')}` : 'Ask for one of the models `lms ps` lists';
    const what = several
      ? `has several models loaded and the request did not name one of them (it asked for "${call.model}")`
      : `has no model "${call.model}" loaded`;
    return new UpstreamError(
      `LM Studio provider "${providerId}" ${what}. ${choices}, or map "${String(call.body.model)}" to one with a model mapping. (LM Studio said: ${message.split('\n')[0]})`,
      { status: 404, code: 'model_not_found', retryable: false, upstreamStatus: status, outcome: 'http_error', type: 'invalid_request_error', param: 'model' },
    );
  }
  return null;
}

/** The LM Studio adapter. */
export const lmStudioAdapter: ProviderAdapter<LmStudioConfig> = {
  specificationVersion: 'v1',
  type: 'lm-studio',
  description: 'LM Studio local server (default http://localhost:1234/v1, no key); models, load state and context discovered from /api/v0/models; clear errors when no model or several models are loaded.',
  configSchema: lmStudioConfigSchema,
  create: ({ id, config, capabilities }) =>
    createOpenAICompatibleInstance(id, config, { capabilities, mapError: (status, text, call) => mapLmStudioError(id, status, text, call), discover: discoverLmStudio }),
};
