/** `provider-cli shadow list`: the routes that mirror traffic. */
import { printJson, table } from '../io.js';
import { defineCommand } from './command.js';

export const shadowListCommand = defineCommand({
  command: 'list',
  remote: true,
  aliases: ['ls'],
  describe: 'List the routes that mirror traffic to shadow targets',
  builder: (inner) => inner.example('$0 shadow list', ''),
  run: async (context, argv) => {
    const routes = (await context.client().listRouteOptions()).filter((options) => options.shadowTargets.length > 0 && options.shadowPercent > 0);
    if (argv.json) return printJson(context.io, routes);
    if (routes.length === 0) return context.io.stdout('No shadow traffic. Start some with `provider-cli shadow set <route> --to <provider>[:<model>] --percent <n>`.\n');
    context.io.stdout(
      table(
        ['ROUTE', 'PERCENT', 'SHADOW TARGETS', 'PER MINUTE', 'TIMEOUT'],
        routes.map((options) => [
          options.model, `${options.shadowPercent}%`, options.shadowTargets.map((target) => (target.model ? `${target.providerId}:${target.model}` : target.providerId)).join(', '),
          options.shadowPerMinute ?? 'default', options.shadowTimeoutMs === null ? 'default' : `${options.shadowTimeoutMs} ms`,
        ]),
      ),
    );
  },
});
