/** `provider-cli provider remove <id>`: delete a provider (the active one only with --force). */
import { maskProvider } from '@router/store';
import { CliError, printJson } from '../io.js';
import { defineCommand } from './command.js';

export const providerRemoveCommand = defineCommand({
  command: 'remove <id>',
  aliases: ['rm'],
  describe: 'Remove a provider, its config and model links; the active or default provider needs --force',
  builder: (yargs) =>
    yargs
      .positional('id', { type: 'string', demandOption: true, describe: 'Provider id' })
      .option('force', { type: 'boolean', default: false, describe: 'Also remove the active or default provider' })
      .example('$0 provider remove old-groq', 'Remove a provider')
      .example('$0 provider remove lm-studio --force', 'Remove the active provider (nothing is active afterwards)'),
  run: async (context, argv) => {
    const store = await context.store();
    const id = String(argv.id);
    await store.providers.get(id);
    const [active, fallback, mappings] = await Promise.all([store.settings.getActiveProvider(), store.settings.getDefaultProvider(), store.mappings.list()]);
    const role = id === active ? 'active' : id === fallback ? 'default' : null;
    if (role && !argv.force) throw new CliError(`"${id}" is the ${role} provider; pass --force to remove it anyway, or first choose another with \`provider-cli set <id>\`.`);
    const routed = mappings.filter((mapping) => mapping.targets.some((target) => target.providerId === id));
    const removed = maskProvider(await store.providers.remove(id, 'cli'));
    const lost = routed.filter((mapping) => mapping.targets.every((target) => target.providerId === id)).map((mapping) => mapping.model);
    if (argv.json) {
      printJson(context.io, { removed, wasActive: id === active, wasDefault: id === fallback, mappingsChanged: routed.map((mapping) => mapping.model), mappingsRemoved: lost });
      return;
    }
    const notes = [
      ...(role ? [`it was the ${role} provider; choose another with \`provider-cli set <id>\``] : []),
      ...(routed.length ? [`its targets were dropped from mappings: ${routed.map((mapping) => mapping.model).join(', ')}${lost.length ? ` (now empty, removed: ${lost.join(', ')})` : ''}`] : []),
    ];
    context.io.stdout(`Removed provider ${id}.${notes.map((note) => `\n  note: ${note}`).join('')}\n`);
  },
});
