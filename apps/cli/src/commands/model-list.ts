/** `provider-cli model list`: model definitions and the providers that serve them, then what the local servers have. */
import type { LocalServerModels } from '../client/router-client.js';
import { printJson, table } from '../io.js';
import { defineCommand } from './command.js';

/** The local servers' models as a table: one row per model (one per server that has none or could not be reached). */
export function localModelsTable(servers: readonly LocalServerModels[]): string {
  const rows: (string | number | null)[][] = [];
  for (const server of servers) {
    if (!server.reachable && server.models.length === 0) rows.push([server.providerId, null, 'unreachable', null, null, null]);
    else if (server.models.length === 0) rows.push([server.providerId, null, 'no models', null, null, null]);
    for (const model of server.models) rows.push([server.providerId, model.id, server.reachable ? model.state : 'unreachable', model.contextLength, model.maxContextLength, model.type]);
  }
  return table(['PROVIDER', 'MODEL', 'STATE', 'CONTEXT', 'MAX CONTEXT', 'TYPE'], rows);
}

export const modelListCommand = defineCommand({
  command: 'list',
  remote: true,
  aliases: ['ls'],
  describe: 'List model definitions with their providers, and what the local servers have',
  builder: (inner) =>
    inner
      .option('provider', { type: 'string', describe: 'Only models linked to this provider' })
      .option('capability', { type: 'string', describe: 'Only models with this capability (tools, vision, streaming, …)' })
      .option('local', { type: 'boolean', describe: 'Only the local servers (lm-studio, ollama, llama-cpp, vllm): each model, its load state and context, asked now (with --server: the router\'s last refresh)' })
      .example('$0 model list --capability tools', 'Models that can call tools')
      .example('$0 model list --local', 'Which models the local servers have loaded, and with what context'),
  run: async (context, argv) => {
    const client = context.client();
    if (argv.local) {
      const servers = await client.localModels();
      if (argv.json) return printJson(context.io, servers);
      if (servers.length === 0) return context.io.stdout('No local servers. Add one with `provider-cli provider add --id <id> --type ollama` (or lm-studio, llama-cpp, vllm).\n');
      return context.io.stdout(localModelsTable(servers));
    }
    const models = await client.listModels({ providerId: argv.provider, capability: argv.capability });
    if (argv.json) return printJson(context.io, models);
    if (models.length === 0) context.io.stdout('No models. Add one with `provider-cli model add <id>`.\n');
    else {
      context.io.stdout(
        table(
          ['ID', 'NAME', 'CAPABILITIES', 'CONTEXT', 'PROVIDERS'],
          models.map((model) => [model.id, model.name, model.capabilities.join(','), model.contextLength, model.providers.map((link) => link.providerId + (link.upstreamModel ? `:${link.upstreamModel}` : '')).join(', ')]),
        ),
      );
    }
    if (argv.provider !== undefined || argv.capability !== undefined) return;
    const servers = await client.localModels();
    if (servers.length > 0) context.io.stdout(`\nLocal servers:\n${localModelsTable(servers)}`);
  },
});
