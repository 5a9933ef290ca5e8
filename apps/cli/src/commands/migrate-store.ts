/** `provider-cli migrate-store`: copy an SQLite store into Postgres (configuration, history, key usage, logs), idempotently. */
import { copyStoreToPostgres, maskDatabaseUrl } from '@router/store';
import { prepareDatabase } from '../database.js';
import { CliError, createProgress, printJson, table } from '../io.js';
import { defineCommand } from './command.js';

export const migrateStoreCommand = defineCommand({
  command: 'migrate-store',
  describe: 'Copy an SQLite database into Postgres (configuration, history, key usage and logs); safe to repeat',
  database: 'none',
  builder: (yargs) =>
    yargs
      .option('to', { type: 'string', demandOption: true, describe: 'The Postgres database to copy into (postgres://user:password@host:5432/db)' })
      .option('from', { type: 'string', describe: 'The SQLite database to copy from (default: --db, DATABASE_URL or ./data/provider-router.db)' })
      .example('$0 migrate-store --from data/provider-router.db --to postgres://router:secret@db:5432/router', 'Copy everything; running it again copies only what is new')
      .epilog(
        'Applies the Postgres migrations to the target first, then copies every table in order, checking each batch is in the target afterwards. ' +
          'Rows already in the target (same key) are kept as they are. Then point the routers at the target with DATABASE_URL.',
      ),
  run: async (context, argv) => {
    const to = argv.to.trim();
    if (!/^postgres(ql)?:\/\//i.test(to)) throw new CliError(`--to must be a postgres:// URL, not ${maskDatabaseUrl(to)}`);
    if (argv.from !== undefined && /^postgres(ql)?:\/\//i.test(argv.from.trim())) throw new CliError('--from must be an SQLite database (a file or libsql URL), not Postgres');
    if (argv.from !== undefined) context.use({ db: argv.from });
    const source = context.database();
    prepareDatabase(source, 'existing');
    const progress = createProgress(context.io, 'Copying…');
    let tables;
    try {
      tables = await copyStoreToPostgres({ from: source.url, to, onProgress: (name, copied, total) => progress.update(`Copying ${name}: ${copied} new of ${total}`) });
    } catch (error) {
      throw new CliError(`migrate-store failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      progress.done();
    }
    if (argv.json) {
      printJson(context.io, { from: source.path ?? source.url, to: maskDatabaseUrl(to), tables });
      return;
    }
    const copied = tables.reduce((sum, entry) => sum + entry.copied, 0);
    context.io.stdout(
      table(['TABLE', 'SOURCE', 'COPIED', 'TARGET'], tables.map((entry) => [entry.table, String(entry.source), String(entry.copied), String(entry.target)])) +
        `${copied === 0 ? 'Nothing new to copy' : `Copied ${copied} row(s)`} from ${source.path ?? source.url} to ${maskDatabaseUrl(to)}; every source row is in the target.\n`,
    );
  },
});
