/** `provider-cli logs …`: the request log: follow it live, keep it bounded. */
import { defineGroup } from './command.js';
import { logsPruneCommand } from './logs-prune.js';
import { logsTailCommand } from './logs-tail.js';

export const logsCommand = defineGroup({
  command: 'logs <command>',
  describe: 'The request log: follow a running router live, keep the log bounded',
  subcommands: [logsTailCommand, logsPruneCommand],
  examples: [
    ['$0 logs tail', 'Follow the requests of the router on this machine'],
    ['$0 logs prune --older-than 7d', 'Remove request log rows older than a week'],
  ],
  demand: 'Name a logs subcommand: tail, prune.',
});
