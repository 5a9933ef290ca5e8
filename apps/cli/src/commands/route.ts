/** `provider-cli route …` (alias `mapping`): which providers serve a requested model, in order. */
import type { Argv } from 'yargs';
import { routeListCommand } from './route-list.js';
import { routeRemoveCommand } from './route-remove.js';
import { routeSetCommand } from './route-set.js';
import type { Command } from './command.js';

export const routeCommand: Command = (context) => ({
  command: 'route <command>',
  aliases: ['mapping', 'mappings', 'routes'],
  describe: 'Manage model mappings (routes): a requested model → an ordered list of provider targets',
  builder: (yargs: Argv) =>
    yargs
      .command(routeListCommand(context))
      .command(routeSetCommand(context))
      .command(routeRemoveCommand(context))
      .example('$0 route set qwen3-coder lm-studio-home,qwen-cloud', 'Map a model with a fallback')
      .demandCommand(1, 'Name a route subcommand: list, set or remove.'),
  handler: () => undefined,
});
