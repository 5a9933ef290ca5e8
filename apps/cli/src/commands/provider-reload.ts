/** `provider-cli provider reload <id>`: re-validate a provider and make running servers re-read it. */
import { createAdapterRegistry, validateProviderConfig } from '@router/core';
import { CliError, printJson } from '../io.js';
import { defineCommand } from './command.js';

export const providerReloadCommand = defineCommand({
  command: 'reload <id>',
  describe: 'Re-validate a provider and make running servers re-read it',
  builder: (yargs) =>
    yargs
      .positional('id', { type: 'string', demandOption: true, describe: 'Provider id' })
      .example('$0 provider reload groq', 'Check the config and signal running servers')
      .epilog(
        'On the CLI, reload can only re-validate the configuration and touch the provider: a running server notices within a second and re-reads it. ' +
          'The CLI cannot reach into a server process; to also drop a server\'s cached connections, call POST /v1/providers/<id>/reload on that server.',
      ),
  run: async (context, argv) => {
    const store = await context.store();
    const provider = await store.providers.get(String(argv.id));
    const registry = createAdapterRegistry();
    const checked = validateProviderConfig(registry, provider.type, provider.config);
    if (!checked.ok) throw new CliError(`provider "${provider.id}" has an invalid config: config.${checked.issues[0].field} ${checked.issues[0].message}`);
    await store.providers.touch(provider.id, 'cli');
    const fallback = registry.get(provider.type).fallback;
    if (argv.json) printJson(context.io, { id: provider.id, valid: true, adapterFallback: fallback, touched: true });
    else {
      context.io.stdout(`Provider ${provider.id}: config valid; running servers will re-read it within a second.\n`);
      if (fallback) context.io.stdout(`  note: type "${provider.type}" is unknown here; the generic openai-compatible adapter is used.\n`);
    }
  },
});
