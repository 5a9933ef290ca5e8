import { describe, expect, it } from 'vitest';
import { cli, ok, oneLineError, tempDb } from '../../test/harness.js';

describe('settings commands', () => {
  it('lists, sets and unsets tunable settings', async () => {
    const { db } = tempDb();
    expect((await ok(db, ['settings', 'set', 'retry_attempts', '3'])).stdout).toBe('retry_attempts = 3\n');
    expect((await ok(db, ['settings', 'set', 'fallback_providers', 'a, b'])).stdout).toBe('fallback_providers = a,b\n');
    expect((await ok(db, ['settings', 'list'])).stdout).toMatch(/retry_attempts\s+3\s+tries per target/);
    const listed = (await ok(db, ['settings', 'list', '--json'])).json();
    expect(listed.find((row: any) => row.key === 'fallback_providers').value).toBe('a,b');
    await ok(db, ['settings', 'unset', 'retry_attempts']);
    expect((await ok(db, ['settings', 'list', '--json'])).json().find((row: any) => row.key === 'retry_attempts').value).toBeNull();
  });

  it('refuses unknown keys and bad values in one line', async () => {
    const { db } = tempDb();
    for (const args of [['settings', 'set', 'made_up', '1'], ['settings', 'set', 'retry_attempts', 'many'], ['settings', 'unset', 'nope']]) {
      const error = oneLineError(await cli(db, args));
      expect(error).toMatch(/^provider-cli: (Unknown setting|retry_attempts must be)/);
    }
  });
});
