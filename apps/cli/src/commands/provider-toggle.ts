/** `provider-cli provider enable|disable <id>`. */
import { printJson } from '../io.js';
import { defineCommand } from './command.js';

/** The enable or disable command. */
export function providerToggleCommand(enabled: boolean) {
  const verb = enabled ? 'enable' : 'disable';
  return defineCommand({
    command: `${verb} <id>`,
    describe: enabled ? 'Enable a provider so the router may send requests to it' : 'Disable a provider: the router stops sending it requests (config kept)',
    builder: (yargs) => yargs.positional('id', { type: 'string', demandOption: true, describe: 'Provider id' }).example(`$0 provider ${verb} groq`, `${enabled ? 'Enable' : 'Disable'} groq`),
    run: async (context, argv) => {
      const store = await context.store();
      const id = String(argv.id);
      const before = await store.providers.get(id);
      if (before.enabled !== enabled) await store.providers.setEnabled(id, enabled, 'cli');
      if (argv.json) printJson(context.io, { id, enabled, changed: before.enabled !== enabled });
      else context.io.stdout(before.enabled === enabled ? `Provider ${id} is already ${verb}d.\n` : `Provider ${id} ${verb}d.\n`);
    },
  });
}
