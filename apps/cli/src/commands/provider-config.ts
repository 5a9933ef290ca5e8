/** `provider-cli provider config <id>`: a provider's configuration, secrets masked. */
import { printJson, table } from '../io.js';
import { defineCommand } from './command.js';

export const providerConfigCommand = defineCommand({
  command: 'config <id>',
  remote: true,
  describe: 'Show a provider\'s configuration (secrets masked; change it with `provider edit`)',
  builder: (yargs) => yargs.positional('id', { type: 'string', demandOption: true, describe: 'Provider id' }).example('$0 provider config groq', 'Keys and values, apiKey masked'),
  run: async (context, argv) => {
    const config = await context.client().providerConfig(String(argv.id));
    if (argv.json) {
      printJson(context.io, config);
      return;
    }
    const entries = Object.entries(config).sort(([a], [b]) => a.localeCompare(b));
    if (entries.length === 0) context.io.stdout(`Provider ${argv.id} has no configuration.\n`);
    else context.io.stdout(table(['KEY', 'VALUE'], entries.map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)])));
  },
});
