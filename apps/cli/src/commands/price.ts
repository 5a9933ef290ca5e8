/** `provider-cli price …`: the user's price overrides, which win over the bundled price list. */
import { priceListCommand } from './price-list.js';
import { priceRemoveCommand } from './price-remove.js';
import { priceSetCommand } from './price-set.js';
import { defineGroup } from './command.js';

export const priceCommand = defineGroup({
  command: 'price <command>',
  aliases: ['prices'],
  describe: 'Manage price overrides: what requests to a model cost, in US dollars per million tokens',
  subcommands: [priceListCommand, priceSetCommand, priceRemoveCommand],
  examples: [['$0 price set my-finetune --input 0.5 --output 1.5', 'Price a model the bundled list does not know']],
  demand: 'Name a price subcommand: list, set or remove.',
});
