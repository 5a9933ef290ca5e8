import type { CommandModule } from 'yargs';
import type { CliContext } from '../context.js';

/** A command module factory: gets the run's context, returns a yargs command. */
export type Command = (context: CliContext) => CommandModule<any, any>;
