/** `provider-cli shadow …`: mirror a sample of a route's requests to shadow targets, and compare their answers. */
import { shadowListCommand } from './shadow-list.js';
import { shadowOffCommand } from './shadow-off.js';
import { shadowReportCommand } from './shadow-report.js';
import { shadowSetCommand } from './shadow-set.js';
import { defineGroup } from './command.js';

export const shadowCommand = defineGroup({
  command: 'shadow <command>',
  describe: 'Shadow traffic: mirror a share of a route\'s requests to other targets and compare the answers',
  subcommands: [shadowSetCommand, shadowOffCommand, shadowListCommand, shadowReportCommand],
  examples: [
    ['$0 shadow set coder --to lm-studio:qwen3-coder-30b --percent 10', 'One request in ten also goes to the local model'],
    ['$0 shadow report coder --since 24h', 'The pairs side by side, with agreement figures'],
  ],
  demand: 'Name a shadow subcommand: set, off, list or report.',
});
