/** `provider-cli provider edit <id>`: change a provider; config keys are merged. */
import { PROTOTYPE_KEYS } from '@router/core';
import type { ProviderPatch } from '@router/store';
import { CliError, printJson } from '../io.js';
import { list, parseConfigPairs, positiveInt } from '../parse.js';
import { defineCommand } from './command.js';

export const providerEditCommand = defineCommand({
  command: 'edit <id>',
  remote: true,
  describe: 'Change a provider: --config keys are merged into its config, --unset removes keys',
  builder: (yargs) =>
    yargs
      .positional('id', { type: 'string', demandOption: true, describe: 'Provider id' })
      .option('name', { type: 'string', describe: 'Display name' })
      .option('type', { type: 'string', describe: 'Adapter type' })
      .option('priority', { type: 'string', describe: 'Lower is preferred' })
      .option('default-model', { type: 'string', describe: 'Default model ("" to clear)' })
      .option('config', { type: 'string', array: true, describe: 'Configuration key=value to set (repeatable)' })
      .option('unset', { type: 'string', array: true, describe: 'Configuration key to remove (repeatable)' })
      .option('replace', { type: 'boolean', default: false, describe: 'Replace the whole config with the given --config keys' })
      .example('$0 provider edit groq --config timeout=30000', 'Set one key, keep the others')
      .example('$0 provider edit groq --unset headers --name "Groq (main)"', 'Remove a key and rename'),
  run: async (context, argv) => {
    const config = parseConfigPairs(argv.config);
    context.protect(config);
    for (const key of list(argv.unset)) {
      // a prototype name is never a stored key, and as a property it would change the object, not name a key
      if (PROTOTYPE_KEYS.has(key)) throw new CliError(`--unset ${key}: no config key has that name`);
      config[key] = null;
    }
    const patch: ProviderPatch = {};
    if (argv.name !== undefined) patch.name = String(argv.name);
    if (argv.type !== undefined) patch.type = String(argv.type);
    if (argv.priority !== undefined) patch.priority = positiveInt(argv.priority, 'priority');
    if (argv.defaultModel !== undefined) patch.defaultModel = argv.defaultModel === '' ? null : String(argv.defaultModel);
    if (Object.keys(config).length || argv.replace) patch.config = config;
    if (Object.keys(patch).length === 0) throw new CliError('nothing to change: pass --config key=value, --unset key, --name, --type, --priority or --default-model');
    const masked = await context.client().updateProvider(String(argv.id), patch, { replaceConfig: argv.replace });
    if (argv.json) printJson(context.io, masked);
    else context.io.stdout(`Updated provider ${masked.id}.\n`);
  },
});
