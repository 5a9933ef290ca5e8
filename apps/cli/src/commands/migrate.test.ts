import { readdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openStore } from '@router/store';
import { cli, emptyDb, ok, oneLineError, SERVER_MODE, tempDb } from '../../test/harness.js';

const KEY = 'sk-migrate-canary-0123456789';
const ENV = {
  DEFAULT_PROVIDER: 'lm-studio',
  MODEL_MAPPINGS: 'qwen3-coder:lm-studio,qwen3-max:qwen-proxy',
  LM_STUDIO_BASE_URL: 'http://127.0.0.1:1234/v1',
  QWEN_API_KEY: KEY,
};

// `migrate` works on the database itself
describe.skipIf(SERVER_MODE)('migrate', () => {
  it('--dry-run shows what would change and writes nothing', async () => {
    const { db, dir } = tempDb();
    const dry = await ok(db, ['migrate', '--dry-run'], { env: ENV });
    // not even the database it needed to plan against
    expect(readdirSync(dir)).toEqual([]);
    expect(dry.stderr).toBe('');
    expect(dry.stdout).toMatch(/ACTION\s+WHAT\s+ID\s+FROM\s+OLD\s+NEW/);
    expect(dry.stdout).toMatch(/create\s+provider\s+lm-studio\s+LM_STUDIO_BASE_URL\s+-\s+\{"type":"lm-studio","config":\{"baseURL":"http:\/\/127\.0\.0\.1:1234\/v1"\}\}/);
    expect(dry.stdout).toMatch(/create\s+provider\s+qwen-proxy\s+MODEL_MAPPINGS/);
    expect(dry.stdout).toMatch(/create\s+provider\s+qwen\s+QWEN_API_KEY\s+-\s+.*"apiKey":"••••6789"/);
    expect(dry.stdout).toMatch(/create\s+setting\s+default_provider\s+DEFAULT_PROVIDER\s+-\s+lm-studio/);
    expect(dry.stdout).toMatch(/create\s+mapping\s+qwen3-max\s+MODEL_MAPPINGS/);
    expect(dry.stdout).toContain('Dry run: 6 change(s) would be written.');
    expect(dry.stdout).not.toContain(KEY);
    const json = (await ok(db, ['migrate', '--dry-run', '--json'], { env: ENV })).json();
    expect(json).toMatchObject({ dryRun: true, changes: 6, envFile: null });
    expect(JSON.stringify(json)).not.toContain(KEY);
    const store = await openStore({ url: db });
    expect(await store.providers.list()).toEqual([]);
    expect(await store.history.list()).toEqual([]);
    store.close();
  });

  it('writes once with history source migrate; a second run changes nothing', async () => {
    const { db } = tempDb();
    const first = await ok(db, ['migrate'], { env: ENV });
    expect(first.stdout).toContain('Migrated 6 change(s) (history source: migrate).');
    const store = await openStore({ url: db });
    expect((await store.providers.list()).map((provider) => [provider.id, provider.type])).toEqual([['lm-studio', 'lm-studio'], ['qwen', 'qwen'], ['qwen-proxy', 'qwen-proxy']]);
    expect((await store.providers.get('qwen')).config).toEqual({ baseURL: 'https://dashscope.aliyuncs.com/compatible-mode/v1', apiKey: KEY });
    expect(await store.settings.getDefaultProvider()).toBe('lm-studio');
    const history = await store.history.list({ limit: 100 });
    expect(history).toHaveLength(6);
    expect(new Set(history.map((entry) => entry.source))).toEqual(new Set(['migrate']));

    const second = await ok(db, ['migrate'], { env: ENV });
    expect(second.stdout).toContain('Nothing to change: the database already has these settings.');
    expect(second.stdout).toMatch(/unchanged\s+provider\s+lm-studio/);
    expect((await ok(db, ['migrate', '--dry-run'], { env: ENV })).stdout).toContain('Dry run: nothing would change.');
    expect(await store.history.list({ limit: 100 })).toHaveLength(6);

    // the database wins afterwards; --overwrite puts the environment's value back
    await ok(db, ['provider', 'edit', 'lm-studio', '--config', 'baseURL=http://127.0.0.1:5555/v1']);
    expect((await ok(db, ['migrate'], { env: ENV })).stdout).toMatch(/keep\s+provider\s+lm-studio.*the database differs and wins/);
    expect((await store.providers.get('lm-studio')).config.baseURL).toBe('http://127.0.0.1:5555/v1');
    await ok(db, ['migrate', '--overwrite'], { env: ENV });
    expect((await store.providers.get('lm-studio')).config.baseURL).toBe('http://127.0.0.1:1234/v1');
    store.close();
  });

  it('reads .env from the working directory (real variables win) or --env-file', async () => {
    const { db, dir } = tempDb();
    writeFileSync(`${dir}/.env`, `QWEN_PROXY_BASE_URL=http://127.0.0.1:3000/v1\nDEFAULT_PROVIDER=qwen-proxy\n`);
    const result = (await ok(db, ['migrate', '--json'], { env: { DEFAULT_PROVIDER: 'lm-studio' } })).json();
    expect(result.envFile).toBe(`${dir}/.env`);
    expect(result.steps.map((step: any) => `${step.action} ${step.id}`)).toEqual(['create lm-studio', 'create qwen-proxy', 'create default_provider']);
    expect(result.steps[2].newValue).toBe('lm-studio');
    writeFileSync(`${dir}/legacy.env`, 'MODEL_MAPPINGS=a:qwen-proxy\n');
    const other = (await ok(db, ['migrate', '--env-file', 'legacy.env', '--json'])).json();
    expect(other.steps.map((step: any) => `${step.action} ${step.entity} ${step.id}`)).toEqual(['keep provider qwen-proxy', 'create mapping a']); // only named there: the old default URL differs, the database wins
    expect(oneLineError(await cli(db, ['migrate', '--env-file', 'missing.env']))).toContain('does not exist');
  });

  it('shows a progress line on a terminal only', async () => {
    const tty = await ok((await emptyDb()).db, ['migrate'], { env: ENV, isTTY: true });
    expect(tty.stderr).toMatch(/Migrating 1\/6: provider lm-studio[\s\S]*Migrating 6\/6: mapping qwen3-max/);
    expect(tty.stderr.endsWith('\r\u001b[K')).toBe(true);
    const fresh = tempDb();
    const piped = await ok(fresh.db, ['migrate'], { env: ENV });
    // only the note that the database was created (on stderr, so stdout stays the result)
    expect(piped.stderr).toBe(`provider-cli: created a new database at ${fresh.dir}/cli.db\n`);
  });

  it('says when there is nothing to migrate, and refuses invalid settings without writing', async () => {
    const { db } = tempDb();
    expect((await ok(db, ['migrate'])).stdout).toContain('No legacy settings found');
    const bad = await cli(db, ['migrate'], { env: { LM_STUDIO_BASE_URL: 'ftp://x', MODEL_MAPPINGS: 'a:ghost', REQUEST_TIMEOUT: 'soon' } });
    expect(bad.stderr).toContain('provider-cli: warning: ignoring REQUEST_TIMEOUT');
    expect(bad.stderr.trim().split('\n').at(-1)).toMatch(/^provider-cli: cannot migrate provider "lm-studio" \(from LM_STUDIO_BASE_URL\): config\.baseURL .*; nothing was written$/);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/invalid\s+mapping\s+a\s+MODEL_MAPPINGS.*provider "ghost" does not exist/);
    const store = await openStore({ url: db });
    expect(await store.providers.list()).toEqual([]);
    store.close();
  });
});
