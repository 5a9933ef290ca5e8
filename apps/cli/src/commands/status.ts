/** `provider-cli status`: what the router will do now, and where each setting comes from. */
import { colours, printJson, table } from '../io.js';
import { describeSource, type Source } from '../effective.js';
import { formatTargets } from '../parse.js';
import { defineCommand } from './command.js';

export const statusCommand = defineCommand({
  command: 'status',
  remote: true,
  describe: 'Show effective settings and where each comes from (database, environment, default)',
  builder: (yargs) => yargs.example('$0 status', 'What a server started here would use').example('$0 status --json', 'The same for scripts'),
  run: async (context, argv) => {
    const client = context.client();
    const { effective, requests } = await client.status();
    const value = (name: string) => effective.settings.find((setting) => setting.name === name)?.value ?? null;
    if (argv.json) {
      printJson(context.io, {
        database: client.location,
        activeProvider: value('activeProvider'),
        defaultProvider: value('defaultProvider'),
        settings: effective.settings,
        providers: effective.providers.map((provider) => ({ id: provider.id, type: provider.type, enabled: provider.enabled, active: provider.active, source: provider.source, ...(provider.variables ? { variables: provider.variables } : {}) })),
        mappings: effective.mappings,
        requestsLogged: requests,
        envFile: effective.envFile,
        warnings: effective.warnings,
      });
      return;
    }
    const paint = colours(context.io.isTTY);
    const tint = (source: Source, text: string) => (source === 'database' ? paint.green(text) : source === 'environment' ? paint.yellow(text) : paint.dim(text));
    const out: string[] = [];
    out.push(table(['SETTING', 'VALUE', 'SOURCE'], effective.settings.map((setting) => [setting.label, setting.value ?? '(none)', tint(setting.source, describeSource(setting.source, setting.variable))])));
    out.push(
      effective.providers.length
        ? table(
            ['', 'PROVIDER', 'TYPE', 'ENABLED', 'SOURCE'],
            effective.providers.map((provider) => [provider.active ? '*' : '', provider.id, provider.type, provider.enabled ? 'yes' : paint.red('no'), tint(provider.source, describeSource(provider.source, provider.variables))]),
          )
        : 'No providers. Add one with `provider-cli provider add --id <id> --config baseURL=<url>`.\n',
    );
    if (effective.mappings.length) {
      out.push(table(['MODEL', 'TARGETS', 'SOURCE'], effective.mappings.map((mapping) => [mapping.model, formatTargets(mapping.targets), tint(mapping.source, describeSource(mapping.source, mapping.variable))])));
    }
    out.push(`Requests logged: ${requests}${effective.envFile ? `\nRead ${effective.envFile}` : ''}\n`);
    context.io.stdout(out.join('\n'));
    for (const warning of effective.warnings) context.io.stderr(`provider-cli: warning: ${warning}\n`);
  },
});
