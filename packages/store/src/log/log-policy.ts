/**
 * What the request log keeps: how long and how much (retention), and how much of each body.
 * Both are settings (`log_max_age_days`, `log_max_rows`, `log_max_mb`, `log_bodies`), read from
 * the configuration snapshot, so a change applies without a restart.
 */

/** The log settings and their defaults: bounded enough to keep a laptop's disk safe. */
export const LOG_SETTINGS = {
  log_max_age_days: { default: '30', description: 'days a request log row is kept; 0: no age limit (default 30)' },
  log_max_rows: { default: '100000', description: 'request log rows kept at most, oldest removed first; 0: no limit (default 100000)' },
  log_max_mb: { default: '1024', description: 'MiB the database may hold before the oldest log rows are removed; 0: no limit (default 1024)' },
  log_bodies: { default: 'full', description: 'request and response bodies in the log: full, metadata (none), or truncated:<bytes> (default full)' },
} as const;

/** A log setting's key. */
export type LogSettingKey = keyof typeof LOG_SETTINGS;

/** How much of each body a log row keeps. */
export type BodyStorage = { mode: 'full' } | { mode: 'metadata' } | { mode: 'truncated'; maxBytes: number };

/** Which rows the log keeps; `null` means no bound of that kind. */
export interface RetentionPolicy {
  /** Rows that started longer ago than this (ms) are removed. */
  maxAgeMs: number | null;
  /** Only the newest this many rows are kept. */
  maxRows: number | null;
  /** The oldest rows are removed while the database's used pages exceed this many bytes. */
  maxBytes: number | null;
}

const DAY_MS = 86_400_000;
const MIB = 1024 * 1024;
/** Upper bounds for the numbers, so a typo cannot overflow anything. */
const LIMITS: Record<Exclude<LogSettingKey, 'log_bodies'>, number> = { log_max_age_days: 36_500, log_max_rows: 1_000_000_000, log_max_mb: 16 * 1024 * 1024 };

/** Parses `full`, `metadata`, `truncated:<bytes>` or a bare byte count; `null` when it is none of those. */
export function parseBodyStorage(text: string): BodyStorage | null {
  const value = text.trim().toLowerCase();
  if (value === 'full') return { mode: 'full' };
  if (value === 'metadata') return { mode: 'metadata' };
  const match = /^(?:truncated:)?(\d{1,10})$/.exec(value);
  const maxBytes = match ? Number(match[1]) : 0;
  return maxBytes >= 1 && maxBytes <= 2 ** 31 ? { mode: 'truncated', maxBytes } : null;
}

/** A body storage as its setting value. */
export function formatBodyStorage(storage: BodyStorage): string {
  return storage.mode === 'truncated' ? `truncated:${storage.maxBytes}` : storage.mode;
}

/** Validates and normalises a log setting; returns an error message instead of the value when it is bad. */
export function normalizeLogSetting(key: LogSettingKey, text: string): { value: string } | { error: string } {
  if (key === 'log_bodies') {
    const storage = parseBodyStorage(text);
    return storage ? { value: formatBodyStorage(storage) } : { error: `${key} must be full, metadata or truncated:<bytes> (1 to 2147483648).` };
  }
  const limit = LIMITS[key];
  const number = Number(text);
  if (!/^\d+$/.test(text) || number > limit) return { error: `${key} must be a whole number from 0 (no limit) to ${limit}.` };
  return { value: String(number) };
}

function setting(settings: ReadonlyMap<string, string>, key: LogSettingKey): string {
  const stored = settings.get(key);
  // A value written by hand in the database that does not parse falls back to the default.
  return stored !== undefined && 'value' in normalizeLogSetting(key, stored) ? stored.trim() : LOG_SETTINGS[key].default;
}

/** The retention policy the settings say (defaults for what they leave out). */
export function retentionPolicyFrom(settings: ReadonlyMap<string, string>): RetentionPolicy {
  const bound = (key: Exclude<LogSettingKey, 'log_bodies'>, unit: number) => {
    const value = Number(setting(settings, key));
    return value === 0 ? null : value * unit;
  };
  return { maxAgeMs: bound('log_max_age_days', DAY_MS), maxRows: bound('log_max_rows', 1), maxBytes: bound('log_max_mb', MIB) };
}

/** The body storage the settings say (default `full`). */
export function bodyStorageFrom(settings: ReadonlyMap<string, string>): BodyStorage {
  return parseBodyStorage(setting(settings, 'log_bodies')) ?? { mode: 'full' };
}
