/** The options `key create` and `key edit` share, parsed and checked before anything is written. */
import type { Argv } from 'yargs';
import { CLIENT_KEY_NAME_PATTERN, MIN_BUDGET_PERIOD_MS, MODEL_ID_PATTERN, PROVIDER_ID_PATTERN, type ClientKeyChange, type ClientKeyView } from '@router/store';
import { CliError } from '../io.js';
import { formatTime } from '../parse.js';
import { formatUsd } from './stats.js';

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** The raw options as yargs hands them over. */
export interface KeyOptions {
  name?: string;
  models?: string;
  providers?: string;
  rpm?: string;
  tpm?: string;
  budget?: string;
  period?: string;
  expires?: string;
}

/** Declares the limit options (`--name` is declared by each command). */
export function withKeyOptions<T>(yargs: Argv<T>, clearable: boolean): Argv<T & KeyOptions> {
  const none = clearable ? '; "none" removes it' : '';
  return yargs
    .option('models', { type: 'string', describe: `Models the key may ask for, comma-separated (a trailing * matches a prefix)${none}` })
    .option('providers', { type: 'string', describe: `Providers the key may be served by, comma-separated (targets on others are skipped)${none}` })
    .option('rpm', { type: 'string', describe: `Requests per minute${none}` })
    .option('tpm', { type: 'string', describe: `Tokens (prompt and completion) per minute${none}` })
    .option('budget', { type: 'string', describe: `Spend limit in US dollars per --period (for the key's lifetime without one)${none}` })
    .option('period', { type: 'string', describe: 'Budget period: a duration such as 1h, 7d, 30d or 4w' })
    .option('expires', { type: 'string', describe: `When the key stops working: an ISO date (2027-01-01) or date-time, or a duration from now (90d)${none}` }) as Argv<T & KeyOptions>;
}

/** A duration like `30d` in ms, or a one-line error naming the option. */
export function parseDuration(text: string, option: string): number {
  const match = /^(\d+)\s*(m|h|d|w)$/i.exec(text.trim());
  if (!match) throw new CliError(`--${option} expects a duration like 1h, 7d, 30d or 4w; got "${text}"`);
  const ms = Number(match[1]) * UNIT_MS[match[2].toLowerCase()];
  if (ms < MIN_BUDGET_PERIOD_MS) throw new CliError(`--${option} must be at least one minute; got "${text}"`);
  return ms;
}

/** A future time: an ISO date or date-time, or a duration from now. */
export function parseExpiry(text: string, now = Date.now()): number {
  const value = text.trim();
  let at: number;
  const duration = /^(\d+)\s*(m|h|d|w)$/i.exec(value);
  if (duration) at = now + Number(duration[1]) * UNIT_MS[duration[2].toLowerCase()];
  else if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) && !Number.isNaN(Date.parse(value))) at = Date.parse(value);
  else throw new CliError(`--expires expects an ISO date like 2027-01-01, a date-time, or a duration like 90d; got "${text}"`);
  if (at <= now) throw new CliError(`--expires must be in the future; ${value} has passed`);
  return at;
}

function count(text: string, option: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < 1 || value > 1_000_000_000) throw new CliError(`--${option} must be a whole number from 1 to 1000000000; got "${text}"`);
  return value;
}

function names(text: string, option: string, pattern: RegExp, wildcard: boolean): string[] {
  const items = text.split(',').map((item) => item.trim()).filter(Boolean);
  if (items.length === 0) throw new CliError(`--${option} needs at least one name`);
  for (const item of items) {
    const bare = wildcard && item.endsWith('*') && item.length > 1 ? item.slice(0, -1) : item;
    if (!pattern.test(bare)) throw new CliError(`--${option}: "${item}" is not a valid ${option === 'models' ? 'model name' : 'provider id'}`);
  }
  return items;
}

/** The name option's check. */
export function checkKeyName(name: string): string {
  if (!CLIENT_KEY_NAME_PATTERN.test(name)) throw new CliError(`--name must be 1-64 characters of letters, digits and . _ - (starting with a letter or digit); got "${name}"`);
  return name;
}

/** The change the options ask for; with `clearable`, `none` clears a field (null). Every value is checked here. */
export function parseKeyOptions(argv: KeyOptions, clearable: boolean, now = Date.now()): ClientKeyChange {
  const change: ClientKeyChange = {};
  const cleared = (value: string | undefined) => clearable && value !== undefined && value.trim().toLowerCase() === 'none';
  const given = (value: string | undefined): value is string => value !== undefined;
  if (argv.name !== undefined) change.name = checkKeyName(argv.name);
  if (given(argv.models)) change.models = cleared(argv.models) ? null : names(argv.models, 'models', MODEL_ID_PATTERN, true);
  if (given(argv.providers)) change.providers = cleared(argv.providers) ? null : names(argv.providers, 'providers', PROVIDER_ID_PATTERN, false);
  if (given(argv.rpm)) change.rpm = cleared(argv.rpm) ? null : count(argv.rpm, 'rpm');
  if (given(argv.tpm)) change.tpm = cleared(argv.tpm) ? null : count(argv.tpm, 'tpm');
  if (given(argv.budget)) {
    if (cleared(argv.budget)) {
      change.budget = null;
      change.budgetPeriodMs = null;
    } else {
      const budget = Number(argv.budget);
      if (!/^\d+(\.\d+)?$/.test(argv.budget.trim()) || !Number.isFinite(budget) || budget <= 0) throw new CliError(`--budget must be a positive amount of US dollars; got "${argv.budget}"`);
      change.budget = budget;
    }
  }
  if (given(argv.period)) {
    if (argv.budget === undefined && !clearable) throw new CliError('--period needs --budget (the amount to spend per period)');
    if (change.budget === null) throw new CliError('--period cannot go with --budget none');
    change.budgetPeriodMs = parseDuration(argv.period, 'period');
  }
  if (given(argv.expires)) change.expiresAt = cleared(argv.expires) ? null : parseExpiry(argv.expires, now);
  return change;
}

/** A duration in ms as `30d`, `12h` or `90m`. */
export function formatDuration(ms: number): string {
  for (const [unit, size] of [['w', UNIT_MS.w], ['d', UNIT_MS.d], ['h', UNIT_MS.h]] as const) if (ms % size === 0) return `${ms / size}${unit}`;
  return `${Math.round(ms / 60_000)}m`;
}

/** The budget as `$20.00 / 30d` (or `… lifetime`), or `-`. */
export function formatBudget(key: Pick<ClientKeyView, 'budget' | 'budgetPeriodMs'>): string {
  if (key.budget === null) return '-';
  return `${formatUsd(key.budget)} / ${key.budgetPeriodMs ? formatDuration(key.budgetPeriodMs) : 'lifetime'}`;
}

/** One key's details, a line per field, for `key show` and after a change. */
export function describeKey(key: ClientKeyView): string {
  const lines: [string, string][] = [
    ['id', key.id],
    ['name', key.name],
    ['key', `${key.keyPrefix}… (the value is shown only when created or rotated)`],
    ['status', key.status],
    ['models', key.models?.join(', ') ?? 'any'],
    ['providers', key.providers?.join(', ') ?? 'any'],
    ['rpm', key.rpm === null ? 'no limit' : String(key.rpm)],
    ['tpm', key.tpm === null ? 'no limit' : String(key.tpm)],
    ['budget', key.budget === null ? 'no limit' : formatBudget(key)],
    ['period', key.usage.periodEnd === null ? 'lifetime' : `${formatTime(key.usage.periodStart)} to ${formatTime(key.usage.periodEnd)} UTC`],
    ['requests', String(key.usage.requests)],
    ['tokens', `${key.usage.promptTokens} in, ${key.usage.completionTokens} out`],
    ['spent', `${formatUsd(key.usage.spent)}${key.budget !== null ? ` of ${formatUsd(key.budget)}` : ''}`],
    ['last used', key.lastUsedAt === null ? 'never' : `${formatTime(key.lastUsedAt)} UTC`],
    ['expires', key.expiresAt === null ? 'never' : `${formatTime(key.expiresAt)} UTC`],
    ['created', `${formatTime(key.createdAt)} UTC`],
  ];
  if (key.revokedAt !== null) lines.push(['revoked', `${formatTime(key.revokedAt)} UTC`]);
  const width = Math.max(...lines.map(([label]) => label.length));
  return lines.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n') + '\n';
}
