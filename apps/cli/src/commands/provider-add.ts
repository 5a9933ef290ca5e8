/** `provider-cli provider add`: create a provider. */
import { assertProviderId } from '@router/store';
import { printJson } from '../io.js';
import { parseConfigPairs, positiveInt } from '../parse.js';
import { defineCommand } from './command.js';

export const providerAddCommand = defineCommand({
  command: 'add',
  remote: true,
  describe: 'Add a provider (its config is validated for its type)',
  database: 'create',
  builder: (yargs) =>
    yargs
      .option('id', { type: 'string', demandOption: true, describe: 'Unique id (letters, digits, . _ -)' })
      .option('name', { type: 'string', describe: 'Display name (default: the id)' })
      .option('type', { type: 'string', default: 'openai-compatible', describe: 'Adapter type (unknown types use the generic openai-compatible adapter)' })
      .option('priority', { type: 'string', describe: 'Lower is preferred (default 100)' })
      .option('default-model', { type: 'string', describe: 'Model used when a request names one this provider does not know' })
      .option('disabled', { type: 'boolean', default: false, describe: 'Add it disabled' })
      .option('config', { type: 'string', array: true, describe: 'Configuration key=value (repeatable; JSON values allowed)' })
      .example('$0 provider add --id groq --config baseURL=https://api.groq.com/openai/v1 --config apiKey=$GROQ_API_KEY', 'A hosted OpenAI-compatible service')
      .example('$0 provider add --id lm-studio-home --type lm-studio --config baseURL=http://192.168.1.20:1234/v1', 'LM Studio on another machine')
      .example('$0 provider add --id claude --type anthropic --config apiKey=$ANTHROPIC_API_KEY', 'Anthropic (Messages clients pass through, chat clients are translated)'),
  run: async (context, argv) => {
    // the store's own rule, checked before the database or the router is asked (so both modes say the same)
    assertProviderId(argv.id);
    const config = parseConfigPairs(argv.config);
    context.protect(config);
    const priority = argv.priority === undefined ? undefined : positiveInt(argv.priority, 'priority');
    const masked = await context.client().addProvider({ id: argv.id, name: argv.name, type: argv.type, priority, defaultModel: argv.defaultModel, enabled: !argv.disabled, config });
    if (argv.json) printJson(context.io, masked);
    else context.io.stdout(`Added provider ${masked.id} (${masked.type})${masked.enabled ? '' : ', disabled'}. Check it with \`provider-cli provider test ${masked.id}\`.\n`);
  },
});
