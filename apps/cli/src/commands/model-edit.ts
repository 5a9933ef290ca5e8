/** `provider-cli model edit <id>`: change a model definition (its links are `model link` / `model unlink`). */
import type { ModelInput } from '@router/store';
import { CliError, printJson } from '../io.js';
import { list, positiveInt } from '../parse.js';
import { defineCommand } from './command.js';
import { withModelFields } from './model-fields.js';

export const modelEditCommand = defineCommand({
  command: 'edit <id>',
  remote: true,
  describe: 'Change a model definition: name, description, capabilities, context length',
  builder: (inner) =>
    withModelFields(inner.positional('id', { type: 'string', demandOption: true, describe: 'Model id' }), true)
      .option('clear-capabilities', { type: 'boolean', describe: 'Remove every capability' })
      .example('$0 model edit qwen3-coder --name "Qwen3 Coder" --capability tools --capability streaming', 'Rename it and set its capabilities'),
  run: async (context, argv) => {
    const patch: Omit<Partial<ModelInput>, 'id'> = {};
    if (argv.name !== undefined) patch.name = argv.name === '' ? null : argv.name;
    if (argv.description !== undefined) patch.description = argv.description === '' ? null : argv.description;
    if (argv.capability !== undefined && argv.clearCapabilities) throw new CliError('pass either --capability or --clear-capabilities, not both');
    if (argv.capability !== undefined) patch.capabilities = list(argv.capability);
    if (argv.clearCapabilities) patch.capabilities = [];
    if (argv.contextLength !== undefined) patch.contextLength = positiveInt(argv.contextLength, 'context-length');
    if (Object.keys(patch).length === 0) throw new CliError('nothing to change: pass --name, --description, --capability, --clear-capabilities or --context-length');
    const model = await context.client().updateModel(argv.id, patch);
    if (argv.json) printJson(context.io, model);
    else context.io.stdout(`Updated model ${model.id}.\n`);
  },
});
