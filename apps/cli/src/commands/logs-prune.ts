/** `provider-cli logs prune`: removes old request log rows now, as the server's background retention does. */
import { retentionPolicyFrom, type PruneResult, type RetentionPolicy } from '@router/store';
import { CliError, printJson } from '../io.js';
import { defineCommand } from './command.js';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Parses `--older-than`: a positive duration such as `90m`, `36h`, `7d` or `2w`, in ms. */
export function parseAge(text: unknown): number {
  const value = String(text ?? '').trim();
  const match = /^(\d+(?:\.\d+)?)(s|m|h|d|w)$/i.exec(value);
  const ms = match ? Number(match[1]) * UNIT_MS[match[2].toLowerCase()] : Number.NaN;
  if (!(ms >= 1000) || ms > 100 * 365 * 86_400_000) throw new CliError(`--older-than expects a duration like 36h, 7d or 2w; got "${value}"`);
  return Math.round(ms);
}

/** Parses `--keep`: a whole number of rows, 0 or more. */
export function parseKeep(text: unknown): number {
  const value = String(text ?? '').trim();
  if (!/^\d{1,10}$/.test(value)) throw new CliError(`--keep expects a whole number of rows (0 or more); got "${value}"`);
  return Number(value);
}

function describe(result: PruneResult, policy: RetentionPolicy, olderThan: string | undefined, dryRun: boolean): string {
  const reasons = [
    result.byAge ? `${result.byAge} older than ${olderThan ?? `${Math.round((policy.maxAgeMs ?? 0) / 86_400_000)}d`}` : '',
    result.byRows ? `${result.byRows} beyond the newest ${policy.maxRows}` : '',
    result.bySize ? `${result.bySize} over the size bound${dryRun ? ' (estimated)' : ''}` : '',
  ].filter(Boolean);
  const rows = `${result.deleted} request log row${result.deleted === 1 ? '' : 's'}`;
  return `${dryRun ? `Would remove ${rows}` : `Removed ${rows}`}${reasons.length ? ` (${reasons.join(', ')})` : ''}.\n`;
}

export const logsPruneCommand = defineCommand({
  command: 'prune',
  describe: 'Remove old request log rows now (by default as the log_max_* settings say), in small batches',
  builder: (yargs) =>
    yargs
      .option('older-than', { type: 'string', describe: 'Remove rows older than this: 36h, 7d, 2w' })
      .option('keep', { type: 'string', describe: 'Keep only the newest N rows' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'Count what would be removed, remove nothing' })
      .example('$0 logs prune', 'Apply the configured retention (log_max_age_days, log_max_rows, log_max_mb)')
      .example('$0 logs prune --older-than 7d --keep 10000', 'Keep at most a week and at most 10000 rows')
      .example('$0 logs prune --older-than 30d --dry-run', 'Count what would go'),
  run: async (context, argv) => {
    // Every value is checked before the database is opened: a bad one removes nothing.
    const olderThan = argv.olderThan === undefined ? undefined : String(argv.olderThan).trim();
    const maxAgeMs = olderThan === undefined ? undefined : parseAge(olderThan);
    const keep = argv.keep === undefined ? undefined : parseKeep(argv.keep);
    const dryRun = argv.dryRun === true;
    const store = await context.store();
    // With neither option, the configured policy; with either, exactly what was asked.
    const policy: RetentionPolicy =
      maxAgeMs === undefined && keep === undefined
        ? retentionPolicyFrom(new Map(Object.entries(await store.settings.all())))
        : { maxAgeMs: maxAgeMs ?? null, maxRows: keep ?? null, maxBytes: null };
    const result = await store.logs.prune(policy, { now: Date.now(), dryRun });
    if (argv.json) printJson(context.io, { dryRun, policy, ...result });
    else context.io.stdout(describe(result, policy, olderThan, dryRun));
  },
});
