/** `provider-cli provider remove <id>`: delete a provider (the active one only with --force). */
import { RouterError } from '@router/core';
import { CliError, printJson } from '../io.js';
import { defineCommand } from './command.js';

export const providerRemoveCommand = defineCommand({
  command: 'remove <id>',
  remote: true,
  aliases: ['rm'],
  describe: 'Remove a provider, its config and model links; the active or default provider needs --force',
  builder: (yargs) =>
    yargs
      .positional('id', { type: 'string', demandOption: true, describe: 'Provider id' })
      .option('force', { type: 'boolean', default: false, describe: 'Also remove the active or default provider' })
      .example('$0 provider remove old-groq', 'Remove a provider')
      .example('$0 provider remove lm-studio --force', 'Remove the active provider (nothing is active afterwards)'),
  run: async (context, argv) => {
    const id = String(argv.id);
    let result;
    try {
      result = await context.client().removeProvider(id, { force: argv.force });
    } catch (error) {
      // the configuration service's refusal, said in the CLI's words
      const role = RouterError.isInstance(error) ? { provider_active: 'active', provider_default: 'default' }[error.code ?? ''] : undefined;
      if (role) throw new CliError(`"${id}" is the ${role} provider; pass --force to remove it anyway, or first choose another with \`provider-cli set <id>\`.`);
      throw error;
    }
    if (argv.json) {
      printJson(context.io, result);
      return;
    }
    const role = result.wasActive ? 'active' : result.wasDefault ? 'default' : null;
    const lost = result.mappingsRemoved;
    const notes = [
      ...(role ? [`it was the ${role} provider; choose another with \`provider-cli set <id>\``] : []),
      ...(result.mappingsChanged.length ? [`its targets were dropped from mappings: ${result.mappingsChanged.join(', ')}${lost.length ? ` (now empty, removed: ${lost.join(', ')})` : ''}`] : []),
    ];
    context.io.stdout(`Removed provider ${id}.${notes.map((note) => `\n  note: ${note}`).join('')}\n`);
  },
});
