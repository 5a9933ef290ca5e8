import { describe, expect, it } from 'vitest';
import { openStore, tablesOf } from '@router/store';
import { cli, DOOR, ok, oneLineError, tempDb } from '../../test/harness.js';

/** Every text value of every table of the database, for scanning. */
async function everyTableText(db: string): Promise<string> {
  const store = await openStore({ url: db });
  try {
    let text = '';
    for (const table of Object.values(tablesOf(store.db))) text += JSON.stringify(await store.db.select().from(table as never));
    return text;
  } finally {
    await store.close();
  }
}

const KEY_VALUE = /\brk-[A-Za-z0-9]{32}\b/;

describe('key commands', () => {
  it('creates a key, printing its value once with a warning; list, show, rotate, revoke and remove never print it', async () => {
    const { db } = tempDb();
    await ok(db, ['provider', 'add', '--id', 'groq', '--config', 'baseURL=http://127.0.0.1:9/v1']);
    const created = await ok(db, ['key', 'create', '--name', 'ci-bot', '--models', 'gpt-4o,qwen/*', '--providers', 'groq', '--rpm', '60', '--tpm', '10000', '--budget', '20', '--period', '30d', '--expires', '2099-01-01']);
    const value = KEY_VALUE.exec(created.stdout)?.[0];
    expect(value).toBeDefined();
    expect(created.stdout).toMatch(/Created client key ci-bot \(key_[A-Za-z0-9]{12}\)/);
    expect(created.stdout).toMatch(/will not be shown again/);
    const outputs: string[] = [created.stderr];
    const list = await ok(db, ['key', 'list']);
    expect(list.stdout).toMatch(/ci-bot\s+rk-\w{5}…\s+active\s+gpt-4o,qwen\/\*\s+60\s+10000\s+\$20\.00 \/ 30d\s+\$0\s+0\s+never/);
    const show = await ok(db, ['key', 'show', 'ci-bot']);
    expect(show.stdout).toMatch(/^budget\s+\$20\.00 \/ 30d$/m);
    expect(show.stdout).toMatch(/^spent\s+\$0 of \$20\.00$/m);
    expect(show.stdout).toMatch(/^last used\s+never$/m);
    expect(show.stdout).toMatch(/^expires\s+2099-01-01 00:00:00 UTC$/m);
    const shown = (await ok(db, ['key', 'show', 'ci-bot', '--json'])).json();
    expect(shown).toMatchObject({ name: 'ci-bot', models: ['gpt-4o', 'qwen/*'], providers: ['groq'], rpm: 60, tpm: 10000, budget: 20, budgetPeriodMs: 30 * 86_400_000, status: 'active', usage: { requests: 0, spent: 0 } });
    expect(shown).not.toHaveProperty('value');
    const rotated = await ok(db, ['key', 'rotate', shown.id]);
    const second = KEY_VALUE.exec(rotated.stdout)?.[0];
    expect(second).toBeDefined();
    expect(second).not.toBe(value);
    const edited = await ok(db, ['key', 'edit', 'ci-bot', '--rpm', '120', '--models', 'none']);
    expect(edited.stdout).toMatch(/^rpm\s+120$/m);
    expect(edited.stdout).toMatch(/^models\s+any$/m);
    const revoked = await ok(db, ['key', 'revoke', 'ci-bot']);
    expect(revoked.stdout).toBe(`Revoked client key ci-bot (${shown.id}).\n`);
    expect((await ok(db, ['key', 'revoke', 'ci-bot'])).stdout).toMatch(/already revoked/);
    expect(oneLineError(await cli(db, ['key', 'rotate', 'ci-bot']))).toMatch(/is revoked; create a new one/);
    const history = (await ok(db, ['changes', '--json'])).json();
    expect(history.filter((entry: { entity: string }) => entry.entity === 'client_key').map((entry: { action: string; source: string }) => `${entry.source}:${entry.action}`)).toEqual(
      [`${DOOR}:revoke`, `${DOOR}:update`, `${DOOR}:rotate`, `${DOOR}:create`],
    );
    outputs.push(list.stdout, show.stdout, JSON.stringify(shown), edited.stdout, revoked.stdout, JSON.stringify(history), (await ok(db, ['key', 'list', '--json'])).stdout);
    for (const output of outputs) {
      expect(output).not.toContain(value);
      expect(output).not.toContain(second);
    }
    const tables = await everyTableText(db);
    expect(tables).not.toContain(value);
    expect(tables).not.toContain(second);
    expect((await ok(db, ['key', 'remove', 'ci-bot'])).stdout).toBe(`Removed client key ci-bot (${shown.id}).\n`);
    expect((await ok(db, ['key', 'list'])).stdout).toMatch(/^No client keys/);
  });

  it('refuses bad input in one line before writing anything', async () => {
    const { db } = tempDb();
    await ok(db, ['key', 'create', '--name', 'first']);
    const refused: [string[], RegExp][] = [
      [['key', 'create', '--name', 'x', '--period', '30d', '--budget', '5', '--rpm', '-1'], /--rpm must be a whole number/],
      [['key', 'create', '--name', 'x', '--budget', '5', '--period', 'monthly'], /--period expects a duration/],
      [['key', 'create', '--name', 'x', '--period', '30d'], /--period needs --budget/],
      [['key', 'create', '--name', 'x', '--budget', '-3'], /--budget must be a positive amount/],
      [['key', 'create', '--name', 'x', '--tpm', '1.5'], /--tpm must be a whole number/],
      [['key', 'create', '--name', 'x', '--expires', '2001-01-01'], /--expires must be in the future/],
      [['key', 'create', '--name', 'x', '--expires', 'tomorrow'], /--expires expects an ISO date/],
      [['key', 'create', '--name', 'bad name'], /--name must be 1-64 characters/],
      [['key', 'create', '--name', 'x', '--models', 'ok,not ok'], /--models: "not ok" is not a valid model name/],
      [['key', 'create', '--name', 'x', '--providers', 'missing'], /Provider "missing" does not exist/],
      [['key', 'create', '--name', 'x', '--color', 'red'], /Unknown argument/],
      [['key', 'create', '--name', 'first'], /A client key named "first" already exists/],
      [['key', 'create'], /Missing required argument: name/],
      [['key', 'show', 'nobody'], /Client key "nobody" does not exist/],
      [['key', 'edit', 'first'], /nothing to change/],
      [['key', 'edit', 'first', '--rpm', '0'], /--rpm must be a whole number/],
    ];
    for (const [args, message] of refused) expect(oneLineError(await cli(db, args)), args.join(' ')).toMatch(message);
    const keys = (await ok(db, ['key', 'list', '--json'])).json();
    expect(keys.map((key: { name: string }) => key.name)).toEqual(['first']);
    expect(keys[0]).toMatchObject({ rpm: null, tpm: null, budget: null, expiresAt: null });
  });

  it('breaks stats down per key (none logged yet) and filters by a key name', async () => {
    const { db } = tempDb();
    await ok(db, ['key', 'create', '--name', 'k1']);
    expect((await ok(db, ['stats', '--by', 'key', '--since', 'all'])).stdout).toBe('No requests with a client key all time.\n');
    expect((await ok(db, ['stats', '--by', 'key', '--json'])).json().keys).toEqual([]);
    expect((await ok(db, ['stats', '--key', 'k1', '--since', 'all'])).stdout).toBe('No requests all time.\n');
  });
});
