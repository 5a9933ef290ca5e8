/** `provider-cli model add <id>`: define a model clients can ask for, optionally linked to providers. */
import type { Argv } from 'yargs';
import { printJson } from '../io.js';
import { list, positiveInt } from '../parse.js';
import type { Command } from './command.js';

export const modelAddCommand: Command = (context) => ({
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
});
