/** `provider-cli set <provider-id>`: choose the active provider. */
import type { Argv } from 'yargs';
import type { Command } from './command.js';

export const setCommand: Command = (context) => ({
  command: 'set <provider-id>',
  describe: 'Make a provider the active one (used when no mapping matches)',
  builder: (yargs: Argv) => yargs.positional('provider-id', { type: 'string', describe: 'Provider id' }).example('$0 set groq', ''),
  handler: async (argv: any) => {
    const store = await context.store();
    const id = String(argv.providerId);
    const provider = await store.providers.get(id);
    await store.settings.setActiveProvider(id, 'cli');
    if (argv.json) context.io.stdout(`${JSON.stringify({ activeProvider: id })}\n`);
    else context.io.stdout(`Active provider: ${id}${provider.enabled ? '' : ' (warning: it is disabled; enable it with `provider-cli provider enable ' + id + '`)'}\n`);
  },
});
