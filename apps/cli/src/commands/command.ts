import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { CliContext } from '../context.js';
import type { DatabaseAccess } from '../database.js';
import { CliError } from '../io.js';

/** A command module factory: gets the run's context, returns a yargs command. */
export type Command = (context: CliContext) => CommandModule<any, any>;

/** The options every command takes. */
export interface GlobalOptions {
  db: string | undefined;
  server: string | undefined;
  json: boolean | undefined;
}

/** A leaf command: its options are declared in `builder`, and `run` gets them typed. */
export interface CommandSpec<Options> {
  command: string;
  aliases?: string[];
  describe: string;
  /**
   * How the command uses the database: `existing` (the default) fails with one line when
   * there is none; `create` may create it (commands that can start from an empty database).
   */
  database?: DatabaseAccess;
  /**
   * The command also manages a running router (`--server`, `ROUTER_URL`) through the same
   * `context.client()`; without it, it refuses to run in that mode with one line.
   */
  remote?: boolean;
  builder: (yargs: Argv<GlobalOptions>) => Argv<Options>;
  /**
   * Runs once yargs has validated every argument. It must check its values (and
   * throw a `CliError`) before its first write, so a failure changes nothing.
   */
  run: (context: CliContext, argv: ArgumentsCamelCase<Options>) => Promise<void> | void;
}

/** Turns a typed command spec into a command module factory. */
export function defineCommand<Options>(spec: CommandSpec<Options>): Command {
  return (context) => ({
    command: spec.command,
    aliases: spec.aliases,
    describe: spec.describe,
    builder: (yargs: Argv) => spec.builder(yargs as Argv<GlobalOptions>),
    handler: async (argv: ArgumentsCamelCase) => {
      context.use({ access: spec.database ?? 'existing' });
      if (!spec.remote && spec.database !== 'none' && context.target().mode === 'server') {
        const name = argv._.map(String).join(' ');
        throw new CliError(`\`${name}\` works on the database itself and cannot manage a running router; run it where the database is (with --db), without --server or ROUTER_URL`);
      }
      await spec.run(context, argv as ArgumentsCamelCase<Options>);
    },
  });
}

/** A command with subcommands (`provider …`, `model …`). */
export function defineGroup(spec: { command: string; aliases?: string[]; describe: string; subcommands: Command[]; examples: [string, string][]; demand: string }): Command {
  return (context) => ({
    command: spec.command,
    aliases: spec.aliases,
    describe: spec.describe,
    builder: (yargs: Argv) => {
      let inner = yargs;
      for (const subcommand of spec.subcommands) inner = inner.command(subcommand(context));
      for (const [example, description] of spec.examples) inner = inner.example(example, description);
      return inner.demandCommand(1, spec.demand);
    },
    handler: () => undefined,
  });
}
