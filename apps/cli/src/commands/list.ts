/** `provider-cli list` (alias `ls`, also `provider list`): every provider the router knows, secrets masked. */
import type { Argv } from 'yargs';
import { createAdapterRegistry } from '@router/core';
import { colours, printJson, table } from '../io.js';
import { describeSource } from '../effective.js';
import type { CliContext } from '../context.js';
import { defineCommand } from './command.js';

const registry = createAdapterRegistry();

/** The stored base URL, else the one the type's adapter defaults to (presets, LM Studio, Qwen), marked as such. */
function baseUrlOf(type: string, config: Record<string, unknown>): string {
  if (typeof config.baseURL === 'string') return config.baseURL;
  const parsed = registry.get(type).adapter.configSchema.safeParse(config);
  const fallback = parsed.success ? (parsed.data as { baseURL?: unknown }).baseURL : undefined;
  return typeof fallback === 'string' ? `${fallback} (default)` : '';
}

/** The filters both `list` and `provider list` take. */
export function listOptions<T>(yargs: Argv<T>) {
  return yargs
    .option('type', { type: 'string', describe: 'Only providers of this adapter type' })
    .option('enabled', { type: 'boolean', describe: 'Only enabled (--enabled) or disabled (--no-enabled) providers' });
}

/** Prints the providers: database ones, then environment ones the database does not override. */
export async function listProviders(context: CliContext, argv: { type?: string; enabled?: boolean; json?: boolean }): Promise<void> {
  const all = await context.client().listProviders();
  const providers = all.filter(
    (provider) => (argv.type === undefined || provider.type === argv.type) && (argv.enabled === undefined || provider.enabled === argv.enabled),
  );
  if (argv.json) {
    printJson(context.io, providers);
    return;
  }
  if (providers.length === 0) {
    context.io.stdout(
      all.length ? 'No provider matches.\n' : 'No providers. Add one with `provider-cli provider add --id <id> --config baseURL=<url>`.\n',
    );
    return;
  }
  const paint = colours(context.io.isTTY);
  context.io.stdout(
    table(
      ['', 'ID', 'NAME', 'TYPE', 'ENABLED', 'PRIORITY', 'BASE URL', 'SOURCE'],
      providers.map((provider) => [
        provider.active ? paint.bold('*') : '',
        provider.id,
        provider.name,
        provider.type,
        provider.enabled ? 'yes' : paint.red('no'),
        provider.priority,
        baseUrlOf(provider.type, provider.config),
        describeSource(provider.source, provider.variables),
      ]),
    ),
  );
}

export const listCommand = defineCommand({
  command: 'list',
  remote: true,
  aliases: ['ls'],
  describe: 'List providers (* marks the active one)',
  builder: (yargs) => listOptions(yargs).example('$0 ls', 'Every provider').example('$0 list --type lm-studio --json', 'LM Studio providers as JSON'),
  run: (context, argv) => listProviders(context, argv),
});
