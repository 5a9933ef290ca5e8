/** `provider-cli logs …`: the request log's upkeep. */
import { defineGroup } from './command.js';
import { logsPruneCommand } from './logs-prune.js';

export const logsCommand = defineGroup({
  command: 'logs <command>',
  describe: 'Keep the request log bounded: prune old rows',
  subcommands: [logsPruneCommand],
  examples: [['$0 logs prune --older-than 7d', 'Remove request log rows older than a week']],
  demand: 'Name a logs subcommand: prune.',
});
