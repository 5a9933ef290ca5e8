import { describe, expect, it } from 'vitest';
import { run } from './run.js';
import type { CliIO } from './io.js';
import { tempDir } from '@router/testkit';

function capture(env: Record<string, string> = {}) {
  const out = { stdout: '', stderr: '' };
  const io: CliIO = { stdout: (text) => (out.stdout += text), stderr: (text) => (out.stderr += text), env, isTTY: false };
  return { io, out };
}

describe('provider-cli', () => {
  it('adds, lists and activates providers on the database it is given', async () => {
    const db = `file:${tempDir()}/cli.db`;
    const add = capture();
    expect(await run(['--db', db, 'provider', 'add', '--id', 'lm', '--config', 'baseURL=http://127.0.0.1:1234/v1', '--config', 'apiKey=sk-cli-secret-000000'], add.io)).toBe(0);
    const list = capture();
    expect(await run(['--db', db, 'provider', 'list'], list.io)).toBe(0);
    expect(list.out.stdout).toMatch(/lm\s+lm\s+openai-compatible\s+yes/);
    expect(list.out.stdout).not.toContain('sk-cli-secret');
    const set = capture();
    expect(await run(['--db', db, 'set', 'lm'], set.io)).toBe(0);
    const status = capture();
    expect(await run(['--db', db, 'status', '--json'], status.io)).toBe(0);
    expect(JSON.parse(status.out.stdout).activeProvider).toBe('lm');
  });

  it('reports errors as one line with a non-zero exit code', async () => {
    const db = `file:${tempDir()}/cli.db`;
    for (const args of [['set', 'missing'], ['provider', 'add', '--id', 'x', '--config', 'baseURL=ftp://nope'], ['provider', 'add', '--id', 'x', '--config', 'novalue'], ['nonsense']]) {
      const { io, out } = capture();
      expect(await run(['--db', db, ...args], io)).toBe(1);
      expect(out.stderr.trim().split('\n')).toHaveLength(1);
      expect(out.stderr).toMatch(/^provider-cli: /);
    }
  });
});
