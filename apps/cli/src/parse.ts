/** Parsers for option values: durations and dates, route targets, `key=value` pairs, counts. */
import { CONFIG_KEY_RULE, isConfigKey, type RouteTarget } from '@router/core';
import { isProviderId, LOG_ENDPOINTS, parseConfigValue, parseLogEndpoint } from '@router/store';
import { CliError } from './io.js';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * Parses `--since`: a duration back from `now` (`30m`, `1h`, `7d`, `2w`), an
 * ISO date or date-time (`2025-01-31`, `2025-01-31T12:00:00Z`), or `all`.
 * Returns epoch ms, or undefined for `all`.
 */
export function parseSince(text: unknown, now = Date.now()): number | undefined {
  const value = String(text ?? '').trim();
  if (value === 'all') return undefined;
  const duration = /^(\d+(?:\.\d+)?)\s*(s|m|h|d|w)$/i.exec(value);
  if (duration) return now - Number(duration[1]) * UNIT_MS[duration[2].toLowerCase()];
  if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) {
    const parsed = Date.parse(value);
    if (!Number.isNaN(parsed)) return parsed;
  }
  throw new CliError(`--since expects a duration like 30m, 1h or 7d, an ISO date like 2025-01-31, or "all"; got "${value}"`);
}

/** The `--endpoint` option of the commands that read the request log. */
export const endpointOption = {
  type: 'string',
  describe: `Only this client API: ${Object.keys(LOG_ENDPOINTS).join(', ')}, or its path (/v1/messages)`,
} as const;

/** Parses `--endpoint` (an API's short name or its path) to the logged path, or a one-line error naming the accepted values. */
export function parseEndpoint(value: unknown): string | undefined {
  return value === undefined ? undefined : parseLogEndpoint(String(value).trim(), '--endpoint');
}

/** A whole number within bounds, or a one-line error naming the option. */
export function positiveInt(value: unknown, option: string, max = Number.MAX_SAFE_INTEGER): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > max) throw new CliError(`--${option} must be a whole number from 1 to ${max}; got "${value}"`);
  return number;
}

/** Repeated `--x a --x b` (or one value, or none) as a list of strings. */
export function list(value: unknown): string[] {
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(String);
}

/** Parses repeated `--config key=value` options into an object. */
export function parseConfigPairs(pairs: unknown): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const pair of list(pairs)) {
    const index = pair.indexOf('=');
    if (index <= 0) throw new CliError(`--config expects key=value, got "${pair}"`);
    const key = pair.slice(0, index).trim();
    // checked here: assigning a `__proto__` key would drop it before anything could refuse it
    if (!isConfigKey(key)) throw new CliError(`--config ${key}: config keys are ${CONFIG_KEY_RULE}`);
    config[key] = parseConfigValue(pair.slice(index + 1));
  }
  return config;
}

/**
 * Parses route targets `provider[:upstream-model][*weight][@priority],…`.
 * Order is the fallback order; `@priority` (or `balance`) puts targets in one
 * group that shares load by weight.
 */
export function parseTargets(text: string, options: { balance?: boolean } = {}): RouteTarget[] {
  const parts = text.split(',').map((part) => part.trim()).filter(Boolean);
  if (parts.length === 0) throw new CliError('a route needs at least one target: provider[:upstream-model][*weight][@priority],…');
  return parts.map((part) => {
    let rest = part;
    let priority: number | undefined;
    let weight: number | undefined;
    const at = /@(-?\d+)$/.exec(rest);
    if (at) {
      priority = Number(at[1]);
      rest = rest.slice(0, at.index);
    }
    const star = /\*(\d+(?:\.\d+)?)$/.exec(rest);
    if (star) {
      weight = Number(star[1]);
      rest = rest.slice(0, star.index);
      if (!(weight > 0)) throw new CliError(`target "${part}": the weight after * must be above 0`);
    }
    if (/[*@]/.test(rest)) throw new CliError(`target "${part}" must look like provider[:upstream-model][*weight][@priority]`);
    const colon = rest.indexOf(':');
    const providerId = (colon < 0 ? rest : rest.slice(0, colon)).trim();
    const model = colon < 0 ? undefined : rest.slice(colon + 1).trim();
    if (!isProviderId(providerId)) throw new CliError(`target "${part}": "${providerId}" is not a provider id (letters, digits, . _ -)`);
    if (model === '') throw new CliError(`target "${part}": the upstream model after ":" is empty`);
    if (options.balance) priority ??= 0;
    return { providerId, ...(model ? { model } : {}), ...(weight !== undefined ? { weight } : {}), ...(priority !== undefined ? { priority } : {}) };
  });
}

/** Formats targets back into the syntax `route set` takes. */
export function formatTargets(targets: readonly RouteTarget[]): string {
  return targets
    .map((target) => `${target.providerId}${target.model ? `:${target.model}` : ''}${target.weight !== undefined && target.weight !== 1 ? `*${target.weight}` : ''}${target.priority !== undefined && target.priority !== null ? `@${target.priority}` : ''}`)
    .join(',');
}

/** Formats epoch ms as `YYYY-MM-DD HH:MM:SS` (UTC). */
export function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}
