import { describe, expect, it } from 'vitest';
import { ok, tempDb } from '../test/harness.js';

const COMMANDS = [
  [], ['status'], ['set'], ['list'], ['ls'], ['test'], ['history'], ['stats'], ['changes'], ['migrate'],
  ['provider'], ['provider', 'list'], ['provider', 'add'], ['provider', 'edit'], ['provider', 'remove'], ['provider', 'enable'], ['provider', 'disable'],
  ['provider', 'test'], ['provider', 'reload'], ['provider', 'config'],
  ['model'], ['model', 'list'], ['model', 'add'], ['model', 'edit'], ['model', 'link'], ['model', 'unlink'], ['model', 'remove'],
  ['route'], ['route', 'list'], ['route', 'set'], ['route', 'remove'], ['mapping', 'set'],
];

describe('--help', () => {
  it.each(COMMANDS.map((path) => [path.join(' ') || '(top level)', path]))('%s has usage, --json and an example', async (_name, path) => {
    const { db } = tempDb();
    const result = await ok(db, [...(path as string[]), '--help']);
    expect(result.stdout).toContain(`provider-cli ${(path as string[])[0] ?? '<command>'}`);
    expect(result.stdout).toContain('--json');
    expect(result.stdout).toMatch(/Examples:\n\s+provider-cli /);
  });
});
