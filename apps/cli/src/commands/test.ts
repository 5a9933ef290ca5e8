/** `provider-cli test [provider-id]` and `provider-cli provider test <id>`: a real round trip to the upstream. */
import type { Argv } from 'yargs';
import { runProbe } from '../probe.js';
import { defineCommand } from './command.js';

function probeOptions<T>(yargs: Argv<T>) {
  return yargs
    .option('model', { type: 'string', describe: 'Model to test with (default: the provider\'s default model, else the first it lists)' })
    .option('timeout', { type: 'string', describe: 'Per-step timeout in ms (default 15000)' })
    .option('skip-tools', { type: 'boolean', default: false, describe: 'Skip the tool-call step' });
}

const DESCRIBE = 'Probe a provider for real and store what it learned';
const EPILOG = 'The probe lists the models, sends a tiny completion, a tiny stream and a tool call, and stores what it learned (reachable, models, usage in streams, native tools, reasoning) on the provider. Exit code 1 when a step fails.';

export const testCommand = defineCommand({
  command: 'test [provider-id]',
  remote: true,
  describe: `${DESCRIBE} (the active one when none is named)`,
  builder: (yargs) =>
    probeOptions(yargs.positional('provider-id', { type: 'string', describe: 'Provider id (default: the active provider)' }))
      .example('$0 test', 'Test the active provider')
      .example('$0 test groq --model llama-3.1-8b-instant --json', 'Test groq with a given model, as JSON')
      .epilog(EPILOG),
  run: (context, argv) => runProbe(context, argv.providerId, argv),
});

export const providerTestCommand = defineCommand({
  command: 'test <id>',
  remote: true,
  describe: DESCRIBE,
  builder: (yargs) => probeOptions(yargs.positional('id', { type: 'string', demandOption: true, describe: 'Provider id' })).example('$0 provider test groq', 'Test groq').epilog(EPILOG),
  run: (context, argv) => runProbe(context, String(argv.id), argv),
});
