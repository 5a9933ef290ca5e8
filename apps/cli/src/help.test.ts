import { describe, expect, it } from 'vitest';
import { ok, tempDb } from '../test/harness.js';

const COMMANDS = [
  [], ['status'], ['set'], ['list'], ['ls'], ['test'], ['history'], ['stats'], ['changes'], ['migrate'],
  ['provider'], ['provider', 'list'], ['provider', 'add'], ['provider', 'edit'], ['provider', 'remove'], ['provider', 'enable'], ['provider', 'disable'],
  ['provider', 'test'], ['provider', 'reload'], ['provider', 'config'],
  ['model'], ['model', 'list'], ['model', 'add'], ['model', 'edit'], ['model', 'link'], ['model', 'unlink'], ['model', 'remove'],
  ['route'], ['route', 'list'], ['route', 'set'], ['route', 'remove'], ['mapping', 'set'],
  ['price'], ['price', 'list'], ['price', 'set'], ['price', 'remove'], ['replay'],
];

/** Aliases and the command they show help for. */
const ALIASES: Record<string, string> = { ls: 'list' };
/** Older spellings whose examples show the current one. */
const EXAMPLE_OF: Record<string, string> = { 'mapping set': 'route set' };
/** Commands whose help lists subcommands, with examples of those. */
const GROUPS = ['', 'provider', 'model', 'route', 'price'];

describe('--help', () => {
  it.each(COMMANDS.map((path) => [path.join(' ') || '(top level)', path]))('%s has its own usage line and an example of itself', async (_name, path) => {
    const { db } = tempDb();
    const words = path as string[];
    const result = await ok(db, [...words, '--help']);
    const usage = result.stdout.split('\n')[0];
    // the usage line names this command (aliases: their command), not just its group; an example runs it
    const command = ALIASES[words.join(' ')] ?? words.join(' ');
    expect(usage.startsWith(`provider-cli ${command || '<command>'}`), usage).toBe(true);
    const examples = result.stdout.slice(result.stdout.indexOf('Examples:'));
    expect(examples).toMatch(/^Examples:\n\s+provider-cli /);
    if (!GROUPS.includes(command)) expect(examples).toContain(`provider-cli ${EXAMPLE_OF[command] ?? command}`);
  });
});
