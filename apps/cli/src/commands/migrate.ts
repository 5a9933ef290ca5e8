/** `provider-cli migrate`: move legacy environment settings (and `.env`) into the database, idempotently. */
import { applyLegacyMigration, hasLegacySettings, planLegacyMigration, type MigrationStep } from '@router/store';
import { CliError, colours, createProgress, printJson, table } from '../io.js';
import { defineCommand } from './command.js';

const show = (value: unknown) => (value === null || value === undefined ? '-' : typeof value === 'string' ? value : JSON.stringify(value));

function render(steps: MigrationStep[], isTTY: boolean): string {
  const paint = colours(isTTY);
  const tint = (action: MigrationStep['action']) => (action === 'create' || action === 'update' ? paint.green(action) : action === 'invalid' ? paint.red(action) : action === 'keep' ? paint.yellow(action) : paint.dim(action));
  return table(
    ['ACTION', 'WHAT', 'ID', 'FROM', 'OLD', 'NEW'],
    steps.map((step) => [tint(step.action), step.entity, step.id, step.from, show(step.oldValue), step.detail ? `${show(step.newValue)} (${step.detail})` : show(step.newValue)]),
  );
}

export const migrateCommand = defineCommand({
  command: 'migrate',
  describe: 'Move legacy environment settings (and .env) into the database; safe to repeat',
  database: 'create',
  builder: (yargs) =>
    yargs
      .option('dry-run', { type: 'boolean', default: false, describe: 'Only show what would change' })
      .option('overwrite', { type: 'boolean', default: false, describe: 'Replace database values that differ from the environment' })
      .option('env-file', { type: 'string', describe: 'Read this file instead of ./.env' })
      .example('$0 migrate --dry-run', 'Show what would be written')
      .example('$0 migrate', 'Write it; running it again changes nothing')
      .epilog(
        'Reads DEFAULT_PROVIDER, MODEL_MAPPINGS, LM_STUDIO_BASE_URL, QWEN_PROXY_BASE_URL, QWEN_API_KEY / DASHSCOPE_API_KEY, QWEN_BASE_URL and REQUEST_TIMEOUT ' +
          'from the environment and ./.env (real variables win), and writes the providers lm-studio, qwen-proxy and qwen, the default provider, the request timeout ' +
          'and the mappings. Values already in the database win unless --overwrite. Every write is recorded in the history with source "migrate".',
      ),
  run: async (context, argv) => {
    const { legacy, envFile } = context.legacy(argv.envFile);
    for (const warning of legacy.warnings) context.io.stderr(`provider-cli: warning: ${warning}\n`);
    const store = await context.store();
    const steps = await planLegacyMigration(store, legacy, { overwrite: argv.overwrite });
    const writes = steps.filter((step) => step.action === 'create' || step.action === 'update');
    const invalid = steps.filter((step) => step.action === 'invalid');
    const summary = { dryRun: argv.dryRun, envFile, steps, changes: writes.length, warnings: legacy.warnings };
    // Nothing is written below unless the migration is applied: a database made just to plan it goes again.
    if (!hasLegacySettings(legacy) || argv.dryRun || invalid.length) await context.discardCreated();
    if (!hasLegacySettings(legacy)) {
      if (argv.json) printJson(context.io, summary);
      else context.io.stdout(`No legacy settings found in the environment${envFile ? ` or ${envFile}` : ' or .env'}; nothing to migrate.\n`);
      return;
    }
    if (argv.dryRun || invalid.length) {
      if (argv.json) printJson(context.io, summary);
      else context.io.stdout(render(steps, context.io.isTTY) + (invalid.length ? '' : `Dry run: ${writes.length === 0 ? 'nothing would change' : `${writes.length} change(s) would be written`}.\n`));
      if (invalid.length) throw new CliError(`cannot migrate ${invalid[0].entity} "${invalid[0].id}" (from ${invalid[0].from}): ${invalid[0].detail}; nothing was written`);
      return;
    }
    const progress = createProgress(context.io, 'Migrating…');
    try {
      await applyLegacyMigration(store, legacy, steps, (step, index, total) => progress.update(`Migrating ${index + 1}/${total}: ${step.entity} ${step.id}`));
    } finally {
      progress.done();
    }
    if (argv.json) printJson(context.io, summary);
    else
      context.io.stdout(
        render(steps, context.io.isTTY) +
          (writes.length === 0 ? 'Nothing to change: the database already has these settings.\n' : `Migrated ${writes.length} change(s) (history source: migrate). The environment variables can now be removed.\n`),
      );
  },
});
