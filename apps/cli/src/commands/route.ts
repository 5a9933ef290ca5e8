/** `provider-cli route …` (alias `mapping`): which providers serve a requested model, in order. */
import { routeListCommand } from './route-list.js';
import { routeOptionsCommand } from './route-options.js';
import { routeRemoveCommand } from './route-remove.js';
import { routeSetCommand } from './route-set.js';
import { defineGroup } from './command.js';

export const routeCommand = defineGroup({
  command: 'route <command>',
  aliases: ['mapping', 'mappings', 'routes'],
  describe: 'Manage model mappings (routes): a requested model → an ordered list of provider targets',
  subcommands: [routeListCommand, routeSetCommand, routeRemoveCommand, routeOptionsCommand],
  examples: [
    ['$0 route set qwen3-coder lm-studio-home,qwen-cloud', 'Map a model with a fallback'],
    ['$0 route options fast --sticky header:x-router-session', 'Keep each session on one arm of a weighted split'],
  ],
  demand: 'Name a route subcommand: list, set, remove or options.',
});
