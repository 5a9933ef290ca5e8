/** `provider-cli provider reload <id>`: re-validate a provider and make running servers re-read it. */
import { printJson } from '../io.js';
import { defineCommand } from './command.js';

export const providerReloadCommand = defineCommand({
  command: 'reload <id>',
  remote: true,
  describe: 'Re-validate a provider and make running servers re-read it',
  builder: (yargs) =>
    yargs
      .positional('id', { type: 'string', demandOption: true, describe: 'Provider id' })
      .example('$0 provider reload groq', 'Check the config and signal running servers')
      .example('$0 --server http://127.0.0.1:3001 provider reload groq', 'Have that router re-read it now and retire its pooled connections')
      .epilog(
        'On a database, reload can only re-validate the configuration and touch the provider: a running server notices within a second and re-reads it. ' +
          'With --server (or ROUTER_URL), the router itself reloads it (POST /v1/providers/<id>/reload): it re-reads its configuration now and retires its pooled connections to the provider.',
      ),
  run: async (context, argv) => {
    const reload = await context.client().reloadProvider(String(argv.id));
    if (reload.kind === 'reloaded') {
      // a running router reloads it itself: its configuration now, and its pooled connections
      const { kind: _kind, ...answer } = reload;
      if (argv.json) printJson(context.io, answer);
      else {
        const dropped = reload.connectionsDropped.length ? `; its pooled connections to ${reload.connectionsDropped.join(', ')} were retired` : '';
        context.io.stdout(`Provider ${reload.providerId}: reloaded by the router (configuration revision ${reload.revision})${dropped}.\n`);
      }
      return;
    }
    if (argv.json) printJson(context.io, { id: reload.id, valid: true, adapterFallback: reload.adapterFallback, touched: true });
    else {
      context.io.stdout(`Provider ${reload.id}: config valid; running servers will re-read it within a second.\n`);
      if (reload.adapterFallback) context.io.stdout(`  note: type "${reload.type}" is unknown here; the generic openai-compatible adapter is used.\n`);
    }
  },
});
