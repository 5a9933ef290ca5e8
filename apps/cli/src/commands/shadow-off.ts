/** `provider-cli shadow off <route>`: stop mirroring a route's requests. */
import { assertModelId } from '@router/store';
import { printJson } from '../io.js';
import { defineCommand } from './command.js';

export const shadowOffCommand = defineCommand({
  command: 'off <route>',
  remote: true,
  describe: 'Stop mirroring a route\'s requests (its logged shadow rows stay)',
  builder: (inner) => inner.positional('route', { type: 'string', demandOption: true, describe: 'The model name clients ask for' }).example('$0 shadow off coder', ''),
  run: async (context, argv) => {
    const model = assertModelId(String(argv.route), 'route');
    const options = await context.client().updateRouteOptions(model, { shadowPercent: 0, shadowTargets: [], shadowPerMinute: null, shadowTimeoutMs: null });
    if (argv.json) printJson(context.io, options);
    else context.io.stdout(`No shadow traffic for ${model}.\n`);
  },
});
