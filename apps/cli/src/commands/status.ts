/** `provider-cli status`: what the router will do now. */
import type { Command } from './command.js';
import { table } from '../io.js';

export const statusCommand: Command = (context) => ({
  command: 'status',
  describe: 'Show the active and default provider, mappings and providers',
  builder: (yargs) => yargs.example('$0 status --json', ''),
  handler: async (argv: any) => {
    const store = await context.store();
    const [active, fallback, providers, mappings, requests] = await Promise.all([
      store.settings.getActiveProvider(),
      store.settings.getDefaultProvider(),
      store.providers.list(),
      store.mappings.list(),
      store.logs.count(),
    ]);
    const status = {
      database: store.url,
      activeProvider: active,
      defaultProvider: fallback,
      providers: providers.map((provider) => ({ id: provider.id, type: provider.type, enabled: provider.enabled })),
      mappings,
      requestsLogged: requests,
    };
    if (argv.json) {
      context.io.stdout(`${JSON.stringify(status, null, 2)}\n`);
      return;
    }
    const lines = [
      `Database:         ${status.database}`,
      `Active provider:  ${active ?? '(none)'}`,
      `Default provider: ${fallback ?? '(none)'}`,
      `Providers:        ${providers.length} (${providers.filter((provider) => provider.enabled).length} enabled)`,
      `Requests logged:  ${requests}`,
    ];
    context.io.stdout(`${lines.join('\n')}\n`);
    if (mappings.length) {
      context.io.stdout(`\n${table(['MODEL', 'TARGETS'], mappings.map((mapping) => [mapping.model, mapping.targets.map((target) => target.providerId + (target.model ? `:${target.model}` : '')).join(', ')]))}`);
    }
  },
});
