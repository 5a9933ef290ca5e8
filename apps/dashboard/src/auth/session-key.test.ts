import { describe, expect, it } from 'vitest';
import { readSessionKey, signInMessage, writeSessionKey } from './session-key.ts';

function memoryStorage() {
  const values = new Map<string, string>();
  return {
    values,
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
    removeItem: (key: string) => void values.delete(key),
  };
}

describe('the session key', () => {
  it('is kept in the given storage and forgotten on sign-out', () => {
    const storage = memoryStorage();
    expect(readSessionKey(storage)).toBeNull();
    writeSessionKey('admin-key', storage);
    expect(readSessionKey(storage)).toBe('admin-key');
    writeSessionKey(null, storage);
    expect(readSessionKey(storage)).toBeNull();
    expect(storage.values.size).toBe(0);
  });

  it('survives a storage that throws (the key then lasts until reload)', () => {
    const broken = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); }, removeItem: () => { throw new Error('denied'); } };
    expect(readSessionKey(broken)).toBeNull();
    expect(() => writeSessionKey('k', broken)).not.toThrow();
  });

  it('says why the sign-in page is shown', () => {
    expect(signInMessage(false, null)).toMatch(/needs its admin key/);
    expect(signInMessage(true, 'Incorrect admin API key provided.')).toBe('The router refused the admin key: Incorrect admin API key provided. Sign in again.');
  });
});
