/**
 * The tunable settings (retry, circuit breaker, deadline, timeouts, fallbacks, the request
 * log's retention and body storage) that the API and the CLI may write, each validated the
 * same way through either door.
 */
import { INVALID_TOOL_CALL_SETTING, InvalidRequestError, MODELS_LIST_PINNED_SETTING, RESILIENCE_SETTINGS, RESPONSES_HOSTED_TOOLS_SETTING } from '@router/core';
import { isProviderId } from './ids.js';
import { LOG_SETTINGS, normalizeLogSetting, type LogSettingKey } from './log/log-policy.js';

/** Setting keys a user may set, with a one-line description. */
export const TUNABLE_SETTINGS: Readonly<Record<string, string>> = {
  retry_attempts: 'tries per target for a retryable failure (default 2)',
  retry_max_attempts: 'upstream attempts per request across all targets (default 10)',
  retry_backoff_ms: 'first backoff in ms, doubled per retry (default 100)',
  retry_backoff_max_ms: 'largest backoff in ms (default 2000)',
  retry_after_max_ms: 'longest upstream Retry-After the router waits for, in ms (default 5000)',
  request_deadline_ms: 'bound on all attempts of one request until the response starts, in ms (default 180000)',
  breaker_failures: 'consecutive failures that open a provider circuit (default 5)',
  breaker_cooldown_ms: 'first cool-down of an open circuit in ms, doubled on repeats (default 5000)',
  breaker_cooldown_max_ms: 'largest cool-down in ms (default 300000)',
  request_timeout_ms: 'time-to-first-byte and idle timeout for providers that set none, in ms',
  cold_start_timeout_ms: 'time-to-first-byte allowance of a local model that is not loaded yet (it loads on the request), in ms; its timeout does not count against the provider (default 120000)',
  fallback_providers: 'comma-separated provider ids tried after the active/default provider',
  [MODELS_LIST_PINNED_SETTING]: 'true: GET /v1/models also lists every <provider-id>/<model> form (default false)',
  [INVALID_TOOL_CALL_SETTING]: 'true: a tool call with arguments that are not JSON or naming a tool the request did not offer fails over like an empty answer, while nothing has reached the client (default false)',
  [RESPONSES_HOSTED_TOOLS_SETTING]: 'drop (default): Responses requests onto chat providers lose the hosted tools the router cannot run (named in x-router-dropped-tools); refuse: such requests get a 400 naming them',
  ...Object.fromEntries(Object.entries(LOG_SETTINGS).map(([key, { description }]) => [key, description])),
};

/** Validates and normalises a tunable setting; throws a 400 naming the key. */
export function normalizeTunableSetting(key: string, value: unknown): string {
  if (!Object.hasOwn(TUNABLE_SETTINGS, key)) {
    throw new InvalidRequestError(`Unknown setting "${key}". Settable: ${Object.keys(TUNABLE_SETTINGS).join(', ')}.`, 'key', 'unknown_setting');
  }
  const text = typeof value === 'number' || typeof value === 'boolean' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (key === MODELS_LIST_PINNED_SETTING || key === INVALID_TOOL_CALL_SETTING) {
    if (text !== 'true' && text !== 'false') throw new InvalidRequestError(`${key} must be true or false.`, 'value', 'invalid_value');
    return text;
  }
  if (key === RESPONSES_HOSTED_TOOLS_SETTING) {
    if (text !== 'drop' && text !== 'refuse') throw new InvalidRequestError(`${key} must be drop or refuse.`, 'value', 'invalid_value');
    return text;
  }
  if (Object.hasOwn(LOG_SETTINGS, key)) {
    const normalized = normalizeLogSetting(key as LogSettingKey, text);
    if ('error' in normalized) throw new InvalidRequestError(normalized.error, 'value', 'invalid_value');
    return normalized.value;
  }
  if (Object.hasOwn(RESILIENCE_SETTINGS, key)) {
    const number = Number(text);
    if (!/^\d+$/.test(text) || !Number.isInteger(number) || number <= 0 || number > 86_400_000) {
      throw new InvalidRequestError(`${key} must be a whole number from 1 to 86400000.`, 'value', 'invalid_value');
    }
    return String(number);
  }
  const ids = text.split(',').map((id) => id.trim()).filter(Boolean);
  const bad = ids.find((id) => !isProviderId(id));
  if (ids.length === 0 || bad !== undefined) throw new InvalidRequestError(`${key} must be a comma-separated list of provider ids${bad ? ` ("${bad}" is not one)` : ''}.`, 'value', 'invalid_value');
  return ids.join(',');
}
