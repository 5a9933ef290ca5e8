/** `provider-cli provider enable|disable <id>`. */
import { printJson } from '../io.js';
import { defineCommand } from './command.js';

/** The enable or disable command. */
export function providerToggleCommand(enabled: boolean) {
  const verb = enabled ? 'enable' : 'disable';
  return defineCommand({
    command: `${verb} <id>`,
    remote: true,
    describe: enabled ? 'Enable a provider so the router may send requests to it' : 'Disable a provider: the router stops sending it requests (config kept)',
    builder: (yargs) => yargs.positional('id', { type: 'string', demandOption: true, describe: 'Provider id' }).example(`$0 provider ${verb} groq`, `${enabled ? 'Enable' : 'Disable'} groq`),
    run: async (context, argv) => {
      const id = String(argv.id);
      const { changed } = await context.client().setProviderEnabled(id, enabled);
      if (argv.json) printJson(context.io, { id, enabled, changed });
      else context.io.stdout(changed ? `Provider ${id} ${verb}d.\n` : `Provider ${id} is already ${verb}d.\n`);
    },
  });
}
