/** `provider-cli model list`: model definitions and the providers that serve them. */
import { printJson, table } from '../io.js';
import { list } from '../parse.js';
import { defineCommand } from './command.js';

export const modelListCommand = defineCommand({
  command: 'list',
  remote: true,
  aliases: ['ls'],
  describe: 'List model definitions with their providers',
  builder: (inner) =>
    inner
      .option('provider', { type: 'string', describe: 'Only models linked to this provider' })
      .option('capability', { type: 'string', describe: 'Only models with this capability (tools, vision, streaming, …)' })
      .example('$0 model list --capability tools', 'Models that can call tools'),
  run: async (context, argv) => {
    const models = await context.client().listModels({ providerId: argv.provider, capability: argv.capability });
    if (argv.json) return printJson(context.io, models);
    if (models.length === 0) return context.io.stdout('No models. Add one with `provider-cli model add <id>`.\n');
    context.io.stdout(
      table(
        ['ID', 'NAME', 'CAPABILITIES', 'CONTEXT', 'PROVIDERS'],
        models.map((model) => [model.id, model.name, model.capabilities.join(','), model.contextLength, model.providers.map((link) => link.providerId + (link.upstreamModel ? `:${link.upstreamModel}` : '')).join(', ')]),
      ),
    );
  },
});
