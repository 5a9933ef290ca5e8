/** `provider-cli route options <model> [--sticky …]`: a route's stickiness (and a view of its shadow traffic). */
import { assertModelId, type RouteOptionsRecord } from '@router/store';
import { parseStickiness } from '@router/core';
import { printJson } from '../io.js';
import { defineCommand } from './command.js';

/** One line per option, as `route options` and `shadow` print them. */
export function describeRouteOptions(options: RouteOptionsRecord): string {
  const shadow = options.shadowTargets.length === 0
    ? 'off'
    : `${options.shadowPercent}% → ${options.shadowTargets.map((target) => (target.model ? `${target.providerId}:${target.model}` : target.providerId)).join(', ')}` +
      ` (${options.shadowPerMinute ?? 'default'}/min, timeout ${options.shadowTimeoutMs === null ? 'default' : `${options.shadowTimeoutMs} ms`})`;
  return `Route ${options.model}\n  sticky: ${options.stickiness ?? 'none'}\n  shadow: ${shadow}\n`;
}

export const routeOptionsCommand = defineCommand({
  command: 'options <model>',
  remote: true,
  describe: 'Show or change a route\'s options: --sticky keeps a conversation on one arm of a weighted split',
  builder: (inner) =>
    inner
      .positional('model', { type: 'string', demandOption: true, describe: 'The model name clients ask for (the route)' })
      .option('sticky', { type: 'string', describe: 'header:<name> (e.g. header:x-router-session), user, first-message, or none' })
      .example('$0 route options fast --sticky header:x-router-session', 'A session id header keeps each session on one arm')
      .example('$0 route options fast --sticky first-message', 'The same conversation (system prompt and first user message) stays on one arm')
      .example('$0 route options fast --sticky none', 'An ordinary weighted choice per request'),
  run: async (context, argv) => {
    const model = assertModelId(String(argv.model), 'model');
    const client = context.client();
    let options: RouteOptionsRecord;
    if (argv.sticky !== undefined) {
      // checked here too, so a bad value fails with the same line in both modes before anything is sent
      const stickiness = parseStickiness(String(argv.sticky), 'sticky');
      options = await client.updateRouteOptions(model, { stickiness });
    } else options = await client.routeOptions(model);
    if (argv.json) printJson(context.io, options);
    else context.io.stdout(describeRouteOptions(options));
  },
});
