/** `provider-cli model …`: model definitions and their links to providers. */
import type { Argv } from 'yargs';
import { printJson, table } from '../io.js';
import { list, positiveInt } from '../parse.js';
import type { Command } from './command.js';

export const modelCommand: Command = (context) => ({
  command: 'model <command>',
  aliases: ['models'],
  describe: 'Manage model definitions and which providers serve them: list, add, link, unlink, remove',
  builder: (yargs: Argv) =>
    yargs
      .command({
        command: 'list',
        aliases: ['ls'],
        describe: 'List model definitions with their providers',
        builder: (inner: Argv) =>
          inner
            .option('provider', { type: 'string', describe: 'Only models linked to this provider' })
            .option('capability', { type: 'string', describe: 'Only models with this capability (tools, vision, streaming, …)' })
            .example('$0 model list --capability tools', 'Models that can call tools'),
        handler: async (argv: any) => {
          const store = await context.store();
          const models = await store.models.list({ providerId: argv.provider, capability: argv.capability });
          if (argv.json) return printJson(context.io, models);
          if (models.length === 0) return context.io.stdout('No models. Add one with `provider-cli model add <id>`.\n');
          context.io.stdout(
            table(
              ['ID', 'NAME', 'CAPABILITIES', 'CONTEXT', 'PROVIDERS'],
              models.map((model) => [model.id, model.displayName, model.capabilities.join(','), model.contextLength, model.providers.map((link) => link.providerId + (link.upstreamModel ? `:${link.upstreamModel}` : '')).join(', ')]),
            ),
          );
        },
      })
      .command({
        command: 'add <id>',
        describe: 'Define a model clients can ask for',
        builder: (inner: Argv) =>
          inner
            .positional('id', { type: 'string', describe: 'Model id, e.g. qwen3-coder' })
            .option('name', { type: 'string', describe: 'Display name' })
            .option('description', { type: 'string', describe: 'Description' })
            .option('capability', { type: 'string', array: true, describe: 'A capability: tools, vision, streaming, … (repeatable)' })
            .option('context-length', { type: 'number', describe: 'Context window in tokens' })
            .option('provider', { type: 'string', array: true, describe: 'Link it to this provider (repeatable; provider or provider:upstream-model)' })
            .example('$0 model add qwen3-coder --capability tools --context-length 262144 --provider lm-studio:qwen/qwen3-coder-30b', 'Define and link a model'),
        handler: async (argv: any) => {
          const store = await context.store();
          const id = String(argv.id);
          const contextLength = argv.contextLength === undefined ? undefined : positiveInt(argv.contextLength, 'context-length');
          let model = await store.models.create({ id, displayName: argv.name, description: argv.description, capabilities: list(argv.capability), contextLength }, 'cli');
          for (const link of list(argv.provider)) {
            const colon = link.indexOf(':');
            model = await store.models.link(colon < 0 ? link : link.slice(0, colon), id, { upstreamModel: colon < 0 ? null : link.slice(colon + 1) }, 'cli');
          }
          if (argv.json) printJson(context.io, model);
          else context.io.stdout(`Added model ${id}${model.providers.length ? ` (served by ${model.providers.map((entry) => entry.providerId).join(', ')})` : ''}.\n`);
        },
      })
      .command({
        command: 'link <provider-id> <model-id>',
        describe: 'Let a provider serve a model (optionally under another upstream name)',
        builder: (inner: Argv) =>
          inner
            .positional('provider-id', { type: 'string' })
            .positional('model-id', { type: 'string' })
            .option('upstream-model', { type: 'string', describe: 'The name the provider knows the model by' })
            .option('priority', { type: 'number', describe: 'Lower is tried first among the model\'s providers (default 100)' })
            .example('$0 model link qwen-cloud qwen3-coder --upstream-model qwen3-coder-plus', 'Serve qwen3-coder from DashScope'),
        handler: async (argv: any) => {
          const store = await context.store();
          const priority = argv.priority === undefined ? undefined : positiveInt(argv.priority, 'priority');
          const model = await store.models.link(String(argv.providerId), String(argv.modelId), { upstreamModel: argv.upstreamModel ?? null, priority }, 'cli');
          if (argv.json) printJson(context.io, model);
          else context.io.stdout(`Linked ${argv.modelId} to ${argv.providerId}${argv.upstreamModel ? ` (as ${argv.upstreamModel})` : ''}.\n`);
        },
      })
      .command({
        command: 'unlink <provider-id> <model-id>',
        describe: 'Stop a provider serving a model',
        builder: (inner: Argv) => inner.positional('provider-id', { type: 'string' }).positional('model-id', { type: 'string' }).example('$0 model unlink qwen-cloud qwen3-coder', ''),
        handler: async (argv: any) => {
          const store = await context.store();
          await store.models.unlink(String(argv.providerId), String(argv.modelId), 'cli');
          if (argv.json) printJson(context.io, { providerId: argv.providerId, modelId: argv.modelId, linked: false });
          else context.io.stdout(`Unlinked ${argv.modelId} from ${argv.providerId}.\n`);
        },
      })
      .command({
        command: 'remove <id>',
        aliases: ['rm'],
        describe: 'Remove a model definition and its links',
        builder: (inner: Argv) => inner.positional('id', { type: 'string' }).example('$0 model remove old-model', ''),
        handler: async (argv: any) => {
          const store = await context.store();
          const removed = await store.models.remove(String(argv.id), 'cli');
          if (argv.json) printJson(context.io, removed);
          else context.io.stdout(`Removed model ${removed.id}.\n`);
        },
      })
      .example('$0 model add qwen3-coder --capability tools', 'Define a model')
      .demandCommand(1, 'Name a model subcommand: list, add, link, unlink or remove.'),
  handler: () => undefined,
});
