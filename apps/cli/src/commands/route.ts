/** `provider-cli route …` (alias `mapping`): which providers serve a requested model, in order. */
import { routeListCommand } from './route-list.js';
import { routeRemoveCommand } from './route-remove.js';
import { routeSetCommand } from './route-set.js';
import { defineGroup } from './command.js';

export const routeCommand = defineGroup({
  command: 'route <command>',
  aliases: ['mapping', 'mappings', 'routes'],
  describe: 'Manage model mappings (routes): a requested model → an ordered list of provider targets',
  subcommands: [routeListCommand, routeSetCommand, routeRemoveCommand],
  examples: [['$0 route set qwen3-coder lm-studio-home,qwen-cloud', 'Map a model with a fallback']],
  demand: 'Name a route subcommand: list, set or remove.',
});
