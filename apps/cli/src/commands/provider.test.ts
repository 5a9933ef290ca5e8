import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openStore, rawRows } from '@router/store';
import { cli, emptyDb, ok, oneLineError, SERVER_MODE, tempDb } from '../../test/harness.js';

const URL_A = 'http://127.0.0.1:1/v1';

async function withTwo() {
  const { db } = tempDb();
  await ok(db, ['provider', 'add', '--id', 'alpha', '--name', 'Alpha', '--priority', '10', '--config', `baseURL=${URL_A}`, '--config', 'apiKey=sk-alpha-secret-000000']);
  await ok(db, ['provider', 'add', '--id', 'beta', '--type', 'lm-studio', '--disabled', '--config', 'baseURL=http://127.0.0.1:2/v1']);
  return db;
}

describe('provider add and list', () => {
  it('adds providers and lists them as a table and as JSON, secrets masked', async () => {
    const db = await withTwo();
    const table = await ok(db, ['provider', 'list']);
    expect(table.stdout).toMatch(/ID\s+NAME\s+TYPE\s+ENABLED\s+PRIORITY\s+BASE URL\s+SOURCE/);
    expect(table.stdout).toMatch(/alpha\s+Alpha\s+openai-compatible\s+yes\s+10\s+http:\/\/127\.0\.0\.1:1\/v1\s+database/);
    expect(table.stdout).toMatch(/beta\s+beta\s+lm-studio\s+no\s+100/);
    const json = (await ok(db, ['ls', '--json'])).json();
    expect(json.map((provider: any) => provider.id)).toEqual(['alpha', 'beta']);
    expect(json[0].config.apiKey).toMatch(/^••••/);
    expect((await ok(db, ['list', '--type', 'lm-studio', '--json'])).json().map((provider: any) => provider.id)).toEqual(['beta']);
    expect((await ok(db, ['provider', 'ls', '--no-enabled', '--json'])).json().map((provider: any) => provider.id)).toEqual(['beta']);
    expect((await ok(db, ['list', '--type', 'nothing'])).stdout).toBe('No provider matches.\n');
  });

  it('says how to start when there are no providers', async () => {
    const { db } = await emptyDb();
    expect((await ok(db, ['list'])).stdout).toContain('provider-cli provider add');
  });

  it('refuses bad input with one line each', async () => {
    const db = await withTwo();
    expect(oneLineError(await cli(db, ['provider', 'add', '--id', 'alpha', '--config', `baseURL=${URL_A}`]))).toContain('already exists');
    expect(oneLineError(await cli(db, ['provider', 'add', '--id', 'bad id', '--config', `baseURL=${URL_A}`]))).toContain('id must be');
    expect(oneLineError(await cli(db, ['provider', 'add', '--id', 'x', '--config', 'baseURL=ftp://x']))).toContain('config.baseURL');
    expect(oneLineError(await cli(db, ['provider', 'add', '--id', 'x']))).toContain('config.baseURL');
    expect(oneLineError(await cli(db, ['provider', 'add', '--config', `baseURL=${URL_A}`]))).toContain('Missing required argument: id');
    expect(oneLineError(await cli(db, ['provider', 'add', '--id', 'x', '--priority', 'high', '--config', `baseURL=${URL_A}`]))).toContain('--priority');
    expect(oneLineError(await cli(db, ['provider']))).toContain('Name a provider subcommand');
    expect(oneLineError(await cli(db, ['provider', 'frobnicate']))).toContain('Name a provider subcommand');
    // the API's rule too: /v1/providers/health is the health check, so no provider may be called that
    expect(oneLineError(await cli(db, ['provider', 'add', '--id', 'health', '--config', `baseURL=${URL_A}`]))).toContain('"health" is reserved');
  });

  it('adds an anthropic provider: api.anthropic.com by default, the key required and masked', async () => {
    const { db } = tempDb();
    expect(oneLineError(await cli(db, ['provider', 'add', '--id', 'claude', '--type', 'anthropic']))).toContain('config.apiKey is required: an Anthropic API key');
    await ok(db, ['provider', 'add', '--id', 'claude', '--type', 'anthropic', '--config', 'apiKey=sk-ant-secret-000000', '--config', 'defaultMaxOutput=8192']);
    // an Anthropic-compatible service on another address needs no key
    await ok(db, ['provider', 'add', '--id', 'compat', '--type', 'anthropic', '--config', 'baseURL=http://127.0.0.1:3/anthropic']);
    const [claude, compat] = (await ok(db, ['ls', '--json'])).json();
    expect(claude).toMatchObject({ id: 'claude', type: 'anthropic', config: { apiKey: expect.stringMatching(/^••••/), defaultMaxOutput: 8192 } });
    expect(JSON.stringify(claude)).not.toContain('sk-ant-secret-000000');
    expect(compat).toMatchObject({ id: 'compat', type: 'anthropic' });
    expect(oneLineError(await cli(db, ['provider', 'add', '--id', 'x', '--type', 'anthropic', '--config', 'apiKey=k', '--config', 'defaultMaxOutput=-1']))).toContain('config.defaultMaxOutput');
  });

  // the switch is the process's own: a running router has its own (its tests cover it)
  it.skipIf(SERVER_MODE)('refuses a metadata address as a base URL unless ALLOW_METADATA_ADDRESSES says otherwise, as the server does', async () => {
    const db = await withTwo();
    const metadata = ['provider', 'add', '--id', 'meta', '--disabled', '--config', 'baseURL=http://169.254.169.254/v1'];
    expect(oneLineError(await cli(db, metadata))).toContain('metadata');
    const before = process.env.ALLOW_METADATA_ADDRESSES;
    process.env.ALLOW_METADATA_ADDRESSES = '1';
    try {
      await ok(db, metadata);
    } finally {
      if (before === undefined) delete process.env.ALLOW_METADATA_ADDRESSES;
      else process.env.ALLOW_METADATA_ADDRESSES = before;
    }
    expect((await ok(db, ['ls', '--json'])).json().map((provider: any) => provider.id)).toContain('meta');
  });
});

describe('provider edit, config, enable, disable', () => {
  it('merges config keys, unsets keys, keeps the secret and validates', async () => {
    const db = await withTwo();
    const edited = (await ok(db, ['provider', 'edit', 'alpha', '--config', 'timeout=5000', '--name', 'Alpha One', '--json'])).json();
    expect(edited).toMatchObject({ name: 'Alpha One', config: { baseURL: URL_A, timeout: 5000, apiKey: expect.stringMatching(/^••••/) } });
    const config = await ok(db, ['provider', 'config', 'alpha']);
    expect(config.stdout).toMatch(/KEY\s+VALUE/);
    expect(config.stdout).toMatch(/apiKey\s+••••0000/);
    expect(config.stdout).toMatch(/timeout\s+5000/);
    await ok(db, ['provider', 'edit', 'alpha', '--unset', 'timeout', '--default-model', 'llama']);
    expect((await ok(db, ['provider', 'config', 'alpha', '--json'])).json()).toEqual({ baseURL: URL_A, apiKey: '••••0000' });
    const store = await openStore({ url: db });
    expect(await store.providers.get('alpha')).toMatchObject({ defaultModel: 'llama', config: { apiKey: 'sk-alpha-secret-000000' } });
    store.close();
    await ok(db, ['provider', 'edit', 'alpha', '--replace', '--config', 'baseURL=http://127.0.0.1:3/v1']);
    expect((await ok(db, ['provider', 'config', 'alpha', '--json'])).json()).toEqual({ baseURL: 'http://127.0.0.1:3/v1' });

    expect(oneLineError(await cli(db, ['provider', 'edit', 'alpha']))).toContain('nothing to change');
    expect(oneLineError(await cli(db, ['provider', 'edit', 'alpha', '--config', 'baseURL=nope']))).toContain('config.baseURL');
    expect(oneLineError(await cli(db, ['provider', 'edit', 'ghost', '--name', 'x']))).toContain('Provider "ghost" does not exist');
    expect(oneLineError(await cli(db, ['provider', 'config', 'ghost']))).toContain('Provider "ghost" does not exist');
  });

  it('enables and disables, saying when nothing changed', async () => {
    const db = await withTwo();
    expect((await ok(db, ['provider', 'enable', 'beta'])).stdout).toBe('Provider beta enabled.\n');
    expect((await ok(db, ['provider', 'enable', 'beta', '--json'])).json()).toEqual({ id: 'beta', enabled: true, changed: false });
    expect((await ok(db, ['provider', 'disable', 'alpha'])).stdout).toBe('Provider alpha disabled.\n');
    expect((await ok(db, ['list', '--enabled', '--json'])).json().map((provider: any) => provider.id)).toEqual(['beta']);
    expect(oneLineError(await cli(db, ['provider', 'disable', 'ghost']))).toContain('does not exist');
  });
});

describe('provider remove and reload', () => {
  it('needs --force for the active provider and reports the mappings it drops', async () => {
    const db = await withTwo();
    await ok(db, ['set', 'alpha']);
    await ok(db, ['route', 'set', 'm1', 'alpha,beta']);
    await ok(db, ['route', 'set', 'm2', 'alpha']);
    const refused = await cli(db, ['provider', 'remove', 'alpha']);
    expect(oneLineError(refused)).toContain('"alpha" is the active provider; pass --force');
    const removed = await ok(db, ['provider', 'remove', 'alpha', '--force']);
    expect(removed.stdout).toContain('Removed provider alpha.');
    expect(removed.stdout).toContain('it was the active provider');
    expect(removed.stdout).toContain('dropped from mappings: m1, m2 (now empty, removed: m2)');
    const status = (await ok(db, ['status', '--json'])).json();
    expect(status.activeProvider).toBeNull();
    expect(status.mappings).toEqual([{ model: 'm1', targets: [{ providerId: 'beta', model: null, weight: 1 }], source: 'database' }]);
    expect((await ok(db, ['provider', 'rm', 'beta', '--json'])).json()).toMatchObject({ removed: { id: 'beta' }, mappingsRemoved: ['m1'] });
    expect(oneLineError(await cli(db, ['provider', 'remove', 'beta']))).toContain('does not exist');
  });

  // reload touches the provider in the database so running routers re-read it (a router's own reload is POST /v1/providers/:id/reload)
  it.skipIf(SERVER_MODE)('reload re-validates, touches the provider (history) and says what it cannot do', async () => {
    const db = await withTwo();
    const store = await openStore({ url: db });
    const before = (await store.providers.get('beta')).updatedAt;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const reloaded = await ok(db, ['provider', 'reload', 'beta']);
    expect(reloaded.stdout).toContain('config valid; running servers will re-read it within a second');
    expect((await store.providers.get('beta')).updatedAt).toBeGreaterThan(before);
    expect((await store.history.list({ limit: 1 }))[0]).toMatchObject({ source: 'cli', action: 'reload', entityId: 'beta' });
    // a config broken behind the CLI's back (e.g. by hand in SQL) is reported
    await rawRows(store.db, sql`UPDATE provider_config SET value = '"ftp://x"' WHERE provider_id = 'beta' AND key = 'baseURL'`);
    store.close();
    expect(oneLineError(await cli(db, ['provider', 'reload', 'beta']))).toContain('invalid config: config.baseURL');
    const help = await ok(db, ['provider', 'reload', '--help']);
    expect(help.stdout).toContain('can only re-validate the configuration and touch the provider');
  });
});
