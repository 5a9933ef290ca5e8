/** `provider-cli shadow set <route> --to <provider>[:<model>] … --percent <n>`: mirror a sample of a route's requests. */
import { assertModelId, isProviderId, MODEL_ID_PATTERN } from '@router/store';
import { CliError, printJson } from '../io.js';
import { list, positiveInt } from '../parse.js';
import { describeRouteOptions } from './route-options.js';
import { defineCommand } from './command.js';

const SPAN = /^(\d+(?:\.\d+)?)\s*(ms|s|m)?$/i;
const SPAN_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

/** Parses `--timeout`: `60s`, `2m`, `1500ms` or plain milliseconds, from 100 ms to 10 minutes. */
export function parseShadowTimeout(value: unknown): number {
  const match = SPAN.exec(String(value).trim());
  const ms = match ? Math.round(Number(match[1]) * SPAN_MS[(match[2] ?? 'ms').toLowerCase()]) : NaN;
  if (!Number.isInteger(ms) || ms < 100 || ms > 600_000) throw new CliError(`--timeout expects a time from 100ms to 10m, such as 60s, 2m or 1500ms; got "${value}"`);
  return ms;
}

/** Parses one `--to provider[:model]`. */
export function parseShadowTarget(text: string): { providerId: string; model: string | null } {
  const value = text.trim();
  const colon = value.indexOf(':');
  const providerId = colon < 0 ? value : value.slice(0, colon);
  const model = colon < 0 ? null : value.slice(colon + 1);
  if (!isProviderId(providerId)) throw new CliError(`--to expects <provider>[:<model>] with a provider id of letters, digits and . _ -; got "${text}"`);
  if (model !== null && !MODEL_ID_PATTERN.test(model)) throw new CliError(`--to "${text}": the model must be 1-128 characters of letters, digits and . _ : / -`);
  return { providerId, model };
}

export const shadowSetCommand = defineCommand({
  command: 'set <route>',
  remote: true,
  describe: 'Mirror a share of a route\'s requests to shadow targets (their answers are logged, never sent to the client)',
  builder: (inner) =>
    inner
      .positional('route', { type: 'string', demandOption: true, describe: 'The model name clients ask for' })
      .option('to', { type: 'string', array: true, demandOption: 'Name a shadow target with --to <provider>[:<model>].', describe: 'A shadow target: provider id, and the model to ask it for (default: the primary\'s upstream model); repeat for more' })
      .option('percent', { type: 'number', demandOption: 'Say which share of requests to mirror with --percent (0-100).', describe: 'Share of the route\'s requests mirrored, 0-100' })
      .option('per-minute', { type: 'number', describe: 'At most this many shadow calls per minute (default: the server\'s, 60)' })
      .option('timeout', { type: 'string', describe: 'Cancel a shadow call still running after this long: 60s, 2m, 1500ms (default: the server\'s, 60s)' })
      .example('$0 shadow set coder --to lm-studio:qwen3-coder-30b --percent 10', 'One request in ten also goes to the local model')
      .example('$0 shadow set coder --to lm-studio --to ollama:qwen3:8b --percent 5 --per-minute 30 --timeout 2m', 'Two shadows, capped'),
  run: async (context, argv) => {
    // everything is checked before the one write
    const model = assertModelId(String(argv.route), 'route');
    const targets = list(argv.to).map(parseShadowTarget);
    const percent = Number(argv.percent);
    if (!Number.isFinite(percent) || percent <= 0 || percent > 100) throw new CliError(`--percent must be a number above 0 and at most 100; got "${argv.percent}" (to stop, use \`provider-cli shadow off ${model}\`)`);
    const perMinute = argv.perMinute === undefined ? null : positiveInt(argv.perMinute, 'per-minute', 100_000);
    const timeoutMs = argv.timeout === undefined ? null : parseShadowTimeout(argv.timeout);
    const options = await context.client().updateRouteOptions(model, { shadowTargets: targets, shadowPercent: percent, shadowPerMinute: perMinute, shadowTimeoutMs: timeoutMs });
    if (argv.json) printJson(context.io, options);
    else context.io.stdout(describeRouteOptions(options));
  },
});
