import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCliProcess, tempDir } from '@router/testkit';
import { e2eDatabase } from '@router/testkit/database';

describe('provider-cli as a built binary', () => {
  it('runs as a built binary', async () => {
    const dir = tempDir();
    const env = { DATABASE_URL: await e2eDatabase(dir, 'x') };
    const help = await runCliProcess(['--help'], {}, dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('provider-cli');
    const added = await runCliProcess(['provider', 'add', '--id', 'lm', '--config', 'baseURL=http://127.0.0.1:1/v1'], env, dir);
    expect(added.code).toBe(0);
    const history = await runCliProcess(['history', '--limit', '5'], env, dir);
    expect(history.code).toBe(0);
    expect(history.stdout).toContain('No requests logged yet.');
    const bad = await runCliProcess(['set', 'ghost'], env, dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Provider "ghost" does not exist');
  });

  it('manages providers, routes and legacy settings as a built binary, secrets masked', async () => {
    const dir = tempDir();
    const env = { DATABASE_URL: await e2eDatabase(dir) };
    const secret = 'sk-binary-canary-0123456789';
    const step = async (args: string[], extra: Record<string, string> = {}) => {
      const result = await runCliProcess(args, { ...env, ...extra }, dir);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
      expect(result.stdout + result.stderr).not.toContain(secret);
      return result;
    };
    await step(['provider', 'add', '--id', 'cloud', '--config', 'baseURL=http://127.0.0.1:1/v1', '--config', `apiKey=${secret}`]);
    writeFileSync(`${dir}/.env`, 'LM_STUDIO_BASE_URL=http://127.0.0.1:1234/v1\nDEFAULT_PROVIDER=lm-studio\n');
    expect((await step(['status'])).stdout).toMatch(/default provider\s+lm-studio\s+environment \(DEFAULT_PROVIDER\)/);
    expect((await step(['migrate', '--dry-run'])).stdout).toContain('Dry run: 2 change(s) would be written.');
    expect((await step(['migrate'])).stdout).toContain('Migrated 2 change(s)');
    expect((await step(['migrate'])).stdout).toContain('Nothing to change');
    await step(['route', 'set', 'qwen3-coder', 'lm-studio,cloud']);
    await step(['set', 'cloud']);
    const status = JSON.parse((await step(['status', '--json'])).stdout);
    expect(status).toMatchObject({ activeProvider: 'cloud', defaultProvider: 'lm-studio', mappings: [{ model: 'qwen3-coder', source: 'database' }] });
    expect(JSON.parse((await step(['provider', 'config', 'cloud', '--json'])).stdout).apiKey).toBe('••••6789');
    const refused = await runCliProcess(['provider', 'remove', 'cloud'], env, dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe('provider-cli: "cloud" is the active provider; pass --force to remove it anyway, or first choose another with `provider-cli set <id>`.\n');
    expect(refused.stdout).toBe('');
  }, 60_000);
});
