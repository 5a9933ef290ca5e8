/** The CLI: `run(argv)` parses and executes one command and returns the exit code (tests call it directly). */
import { createRequire } from 'node:module';
import yargs from 'yargs';
import { RouterError } from '@router/core';
import { createContext } from './context.js';
import { CliError, processIO, type CliIO } from './io.js';
import { changesCommand } from './commands/changes.js';
import { compareCommand } from './commands/compare.js';
import { historyCommand } from './commands/history.js';
import { keyCommand } from './commands/key.js';
import { listCommand } from './commands/list.js';
import { logsCommand } from './commands/logs.js';
import { migrateCommand } from './commands/migrate.js';
import { migrateStoreCommand } from './commands/migrate-store.js';
import { modelCommand } from './commands/model.js';
import { providerCommand } from './commands/provider.js';
import { routeCommand } from './commands/route.js';
import { priceCommand } from './commands/price.js';
import { shadowCommand } from './commands/shadow.js';
import { replayCommand } from './commands/replay.js';
import { settingsCommand } from './commands/settings.js';
import { setCommand } from './commands/set.js';
import { statsCommand } from './commands/stats.js';
import { statusCommand } from './commands/status.js';
import { testCommand } from './commands/test.js';

/** The package's version (`package.json` sits one folder above both `src/` and `dist/`). */
export const VERSION: string = createRequire(import.meta.url)('../package.json').version;

/**
 * Runs the CLI with `argv` (without `node` and the script); resolves to the exit code.
 * yargs validates every argument before a handler runs (a middleware refuses to go on after
 * any failure), and the database is opened only inside the handler: a command that fails
 * validation touches nothing.
 */
export async function run(argv: string[], io: CliIO = processIO()): Promise<number> {
  const context = createContext(io);
  let failed: unknown;
  const parser = yargs(argv)
    .scriptName('provider-cli')
    .usage('$0 <command> [options]\n\nManage the router: providers, routing and logs, on its database.')
    .option('db', { type: 'string', describe: 'Database URL or path (default: DATABASE_URL or file:data/provider-router.db)', global: true })
    .option('server', { type: 'string', describe: 'Manage the router running at this URL through its management API instead of a database (default: ROUTER_URL); the admin key is read from ROUTER_ADMIN_KEY', global: true })
    .option('json', { type: 'boolean', describe: 'Machine-readable output', global: true })
    // Runs after yargs' validation and before any handler: a command whose arguments failed stops here.
    .middleware((args) => {
      if (failed) throw failed;
      context.use({ db: args.db as string | undefined, server: args.server as string | undefined });
    })
    .command(statusCommand(context))
    .command(setCommand(context))
    .command(listCommand(context))
    .command(testCommand(context))
    .command(historyCommand(context))
    .command(statsCommand(context))
    .command(logsCommand(context))
    .command(providerCommand(context))
    .command(modelCommand(context))
    .command(routeCommand(context))
    .command(priceCommand(context))
    .command(replayCommand(context))
    .command(keyCommand(context))
    .command(shadowCommand(context))
    .command(settingsCommand(context))
    .command(changesCommand(context))
    .command(migrateCommand(context))
    .command(migrateStoreCommand(context))
    .command(compareCommand(context))
    .example('$0 provider add --id groq --config baseURL=https://api.groq.com/openai/v1 --config apiKey=$GROQ_API_KEY', 'Add a provider')
    .example('$0 set groq && $0 status', 'Make it active and check')
    .demandCommand(1, 'Name a command; see --help.')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version(VERSION)
    .wrap(io.isTTY ? Math.min(120, process.stdout.columns || 100) : null)
    .exitProcess(false)
    .fail((message, error) => {
      // yargs reports each problem here and then carries on; the middleware above stops the handler.
      // The last report is the most specific ("Missing required argument: id" after a positional count).
      failed = error ?? new CliError(message);
    });
  let output = '';
  try {
    await parser.parseAsync(argv, {}, (_error, _args, text) => {
      output = text ?? '';
    });
  } catch (error) {
    failed ??= error;
  }
  if (failed) {
    // A database this run created is removed again: a failed command leaves nothing behind.
    await context.discardCreated();
    // and the database it opened is closed: an open Postgres pool would keep the process from exiting
    await context.close().catch(() => undefined);
    context.io.stderr(`provider-cli: ${describeError(failed)}\n`);
    return failed instanceof CliError ? failed.exitCode : 1;
  }
  await context.close();
  if (output) context.io.stdout(output.endsWith('\n') ? output : `${output}\n`);
  if (context.created()) context.io.stderr(`provider-cli: created a new database at ${context.database().path}\n`);
  return 0;
}

/** One readable line for any error. */
export function describeError(error: unknown): string {
  // yargs validation messages span lines ("Invalid values:\n  Argument: …"): keep them, on one line
  if (RouterError.isInstance(error) || error instanceof CliError) return error.message.split('\n').map((line) => line.trim()).filter(Boolean).join(' ');
  const message = (error as Error)?.message ?? String(error);
  if (/SQLITE_CANTOPEN|unable to open database/i.test(message)) return `cannot open the database: ${message}`;
  return message.split('\n')[0];
}
