/** `provider-cli set <provider-id>`: choose the active provider. */
import { printJson } from '../io.js';
import { defineCommand } from './command.js';

export const setCommand = defineCommand({
  command: 'set <provider-id>',
  remote: true,
  describe: 'Make a provider the active one (used when no mapping matches)',
  builder: (yargs) => yargs.positional('provider-id', { type: 'string', demandOption: true, describe: 'Provider id' }).example('$0 set groq', 'Send every unmapped model to groq').epilog('A running server follows the change within a second.'),
  run: async (context, argv) => {
    const id = String(argv.providerId);
    const provider = await context.client().setActiveProvider(id);
    if (argv.json) printJson(context.io, { activeProvider: id, enabled: provider.enabled });
    else context.io.stdout(`Active provider: ${id}${provider.enabled ? '' : ` (warning: it is disabled; enable it with \`provider-cli provider enable ${id}\`)`}\n`);
  },
});
