/** `provider-cli model add <id>`: define a model clients can ask for, optionally linked to providers. */
import { assertModelId } from '@router/store';
import { CliError, printJson } from '../io.js';
import { list, positiveInt } from '../parse.js';
import { defineCommand } from './command.js';
import { withModelFields } from './model-fields.js';

/** `--provider id` or `--provider id:upstream-model`. */
function parseLink(link: string): { providerId: string; upstreamModel: string | null } {
  const colon = link.indexOf(':');
  const providerId = colon < 0 ? link : link.slice(0, colon);
  if (providerId === '') throw new CliError(`--provider expects provider or provider:upstream-model, got "${link}"`);
  return { providerId, upstreamModel: colon < 0 ? null : link.slice(colon + 1) || null };
}

export const modelAddCommand = defineCommand({
  command: 'add <id>',
  remote: true,
  describe: 'Define a model clients can ask for',
  database: 'create',
  builder: (inner) =>
    withModelFields(inner.positional('id', { type: 'string', demandOption: true, describe: 'Model id, e.g. qwen3-coder' }), false)
      .option('provider', { type: 'string', array: true, describe: 'Link it to this provider (repeatable; provider or provider:upstream-model)' })
      .example('$0 model add qwen3-coder --name "Qwen3 Coder" --capability tools --context-length 262144 --provider lm-studio:qwen/qwen3-coder-30b', 'Define and link a model'),
  run: async (context, argv) => {
    // the store's own rule, checked before the database or the router is asked (so both modes say the same)
    const id = assertModelId(argv.id);
    const contextLength = argv.contextLength === undefined ? undefined : positiveInt(argv.contextLength, 'context-length');
    const links = list(argv.provider).map(parseLink);
    // the definition and its links are written together, or not at all
    const model = await context.client().addModel({ id, name: argv.name, description: argv.description, capabilities: list(argv.capability), contextLength, providers: links });
    if (argv.json) printJson(context.io, model);
    else context.io.stdout(`Added model ${id}${model.providers.length ? ` (served by ${model.providers.map((entry) => entry.providerId).join(', ')})` : ''}.\n`);
  },
});
