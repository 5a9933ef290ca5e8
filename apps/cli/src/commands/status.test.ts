import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emptyDb, ok, SERVER_MODE, tempDb } from '../../test/harness.js';
import { run } from '../run.js';

const sourceOf = (status: any, name: string) => {
  const setting = status.settings.find((entry: any) => entry.name === name);
  return [setting.value, setting.source, setting.variable];
};

// what a server started here would use: the CLI's own environment and database (the server mode's status has its own test)
describe.skipIf(SERVER_MODE)('status', () => {
  it('shows each effective setting with its source: database, environment or default', async () => {
    const { db, dir } = tempDb();
    await ok(db, ['provider', 'add', '--id', 'alpha', '--config', 'baseURL=http://127.0.0.1:1/v1']);
    await ok(db, ['set', 'alpha']);
    await ok(db, ['route', 'set', 'qwen3-coder', 'alpha']);
    writeFileSync(`${dir}/.env`, 'MODEL_MAPPINGS=qwen3-coder:lm-studio,qwen3-max:qwen-proxy\nREQUEST_TIMEOUT=1000\n');
    const env = { DEFAULT_PROVIDER: 'lm-studio', LM_STUDIO_BASE_URL: 'http://127.0.0.1:1234/v1', REQUEST_TIMEOUT: '90000', PORT: '4000' };

    const status = (await ok(db, ['status', '--json'], { env })).json();
    expect(status.activeProvider).toBe('alpha');
    expect(sourceOf(status, 'database')).toEqual([db.replace(/^file:/, ''), 'option', undefined]);
    expect(sourceOf(status, 'activeProvider')).toEqual(['alpha', 'database', undefined]);
    expect(sourceOf(status, 'defaultProvider')).toEqual(['lm-studio', 'environment', 'DEFAULT_PROVIDER']);
    // the real environment wins over .env
    expect(sourceOf(status, 'requestTimeoutMs')).toEqual(['90000', 'environment', 'REQUEST_TIMEOUT']);
    expect(sourceOf(status, 'port')).toEqual(['4000', 'environment', 'PORT']);
    expect(sourceOf(status, 'host')).toEqual(['0.0.0.0', 'default', undefined]);
    expect(sourceOf(status, 'logLevel')).toEqual(['info', 'default', undefined]);
    expect(status.providers).toEqual([
      { id: 'alpha', type: 'openai-compatible', enabled: true, active: true, source: 'database' },
      { id: 'lm-studio', type: 'lm-studio', enabled: true, active: false, source: 'environment', variables: ['LM_STUDIO_BASE_URL'] },
      { id: 'qwen-proxy', type: 'qwen-proxy', enabled: true, active: false, source: 'environment', variables: ['MODEL_MAPPINGS'] },
    ]);
    expect(status.mappings.map((mapping: any) => [mapping.model, mapping.source])).toEqual([['qwen3-coder', 'database'], ['qwen3-max', 'environment']]);
    expect(status.envFile).toBe(`${dir}/.env`);

    const human = await ok(db, ['status'], { env });
    expect(human.stdout).toMatch(/SETTING\s+VALUE\s+SOURCE/);
    expect(human.stdout).toMatch(/active provider\s+alpha\s+database/);
    expect(human.stdout).toMatch(/default provider\s+lm-studio\s+environment \(DEFAULT_PROVIDER\)/);
    expect(human.stdout).toMatch(/request timeout \(ms\)\s+90000\s+environment \(REQUEST_TIMEOUT\)/);
    expect(human.stdout).toMatch(/host\s+0\.0\.0\.0\s+default/);
    expect(human.stdout).toMatch(/\*\s+alpha\s+openai-compatible\s+yes\s+database/);
    expect(human.stdout).toMatch(/lm-studio\s+lm-studio\s+yes\s+environment \(LM_STUDIO_BASE_URL\)/);
    expect(human.stdout).toMatch(/qwen3-max\s+qwen-proxy\s+environment \(MODEL_MAPPINGS\)/);
    expect(human.stdout).toContain('Requests logged: 0');
    expect(human.stdout).not.toContain('\u001b[');

    // after migrate the database answers for everything
    await ok(db, ['migrate'], { env });
    const migrated = (await ok(db, ['status', '--json'], { env })).json();
    expect(sourceOf(migrated, 'defaultProvider')).toEqual(['lm-studio', 'database', undefined]);
    expect(sourceOf(migrated, 'requestTimeoutMs')).toEqual(['90000', 'database', undefined]);
    expect(migrated.providers.every((provider: any) => provider.source === 'database')).toBe(true);
    expect(migrated.mappings.find((mapping: any) => mapping.model === 'qwen3-coder').targets).toEqual([{ providerId: 'alpha', model: null, weight: 1 }]);
  });

  it('shows defaults on an empty database, colours only on a terminal, and warns about bad legacy values', async () => {
    const { db } = await emptyDb();
    const plain = (await ok(db, ['status', '--json'], { env: { DATABASE_URL: 'ignored-because-of---db' } })).json();
    expect(sourceOf(plain, 'activeProvider')).toEqual([null, 'default', undefined]);
    expect(sourceOf(plain, 'port')).toEqual(['3001', 'default', undefined]);
    const tty = await ok(db, ['status'], { isTTY: true, env: { MODEL_MAPPINGS: 'garbage' } });
    expect(tty.stdout).toContain('\u001b[');
    expect(tty.stdout).toContain('No providers.');
    expect(tty.stderr).toContain('provider-cli: warning: ignoring MODEL_MAPPINGS');
    // without --db the database comes from DATABASE_URL
    let stdout = '';
    const io = { stdout: (text: string) => (stdout += text), stderr: () => undefined, env: { DATABASE_URL: db }, isTTY: false, cwd: tempDb().dir };
    expect(await run(['status', '--json'], io)).toBe(0);
    expect(sourceOf(JSON.parse(stdout), 'database')).toEqual([db.replace(/^file:/, ''), 'environment', 'DATABASE_URL']);
  });
});
