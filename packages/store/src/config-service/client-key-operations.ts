/**
 * The configuration service's client key operations: create (the value made here and returned
 * once), change, revoke, rotate and remove. Everything is checked before the one batch that
 * writes; the history records each change without the key's value or hash.
 */
import { InvalidRequestError } from '@router/core';
import { MODEL_ID_PATTERN, PROVIDER_ID_PATTERN } from '../ids.js';
import type { ChangeSource } from '../repositories/history.js';
import {
  clientKeyPrefix, generateClientKeyId, generateClientKeyValue, hashClientKey, type ClientKeyInput, type ClientKeyPatch, type ClientKeyRecord,
} from '../repositories/client-keys.js';
import type { Statement } from '../repositories/statements.js';
import type { Store } from '../store.js';

/** Key names: 1–64 letters, digits, `.`, `_`, `-`, starting with a letter or digit. */
export const CLIENT_KEY_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** What a key id looks like (a name of this form would be ambiguous). */
const KEY_ID_PATTERN = /^key_[A-Za-z0-9]{12}$/;
/** The shortest budget period: one minute. */
export const MIN_BUDGET_PERIOD_MS = 60_000;
const MAX_COUNT = 1_000_000_000;

/** A created or rotated key: the stored record and its value, shown this once. */
export interface IssuedClientKey {
  key: ClientKeyRecord;
  /** The key's value: not stored anywhere, never shown again. */
  value: string;
}

/** The editable fields of a key (null clears a limit). */
export type ClientKeyChange = Partial<ClientKeyInput>;

function positiveInteger(value: unknown, param: string): number | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_COUNT) {
    throw new InvalidRequestError(`${param} must be a whole number from 1 to ${MAX_COUNT}.`, param, 'invalid_value');
  }
  return value;
}

function checkList(values: unknown, pattern: RegExp, param: string, what: string, wildcard: boolean): string[] | null {
  if (values === null) return null;
  if (!Array.isArray(values) || values.length === 0 || values.length > 256) throw new InvalidRequestError(`${param} must be a list of 1 to 256 ${what}s.`, param, 'invalid_value');
  values.forEach((value, index) => {
    const name = wildcard && typeof value === 'string' && value.endsWith('*') && value.length > 1 ? value.slice(0, -1) : value;
    if (typeof name !== 'string' || !pattern.test(name)) throw new InvalidRequestError(`${param}[${index}] is not a valid ${what}: ${JSON.stringify(value)}.`, `${param}[${index}]`, 'invalid_value');
  });
  return [...new Set(values as string[])];
}

/** Checks the fields given (all of them for a new key), returning them normalised; throws the first problem as a 400. */
function checkFields(input: ClientKeyChange, now: number, creating: boolean): ClientKeyChange {
  const out: ClientKeyChange = {};
  if (input.name !== undefined || creating) {
    if (typeof input.name !== 'string' || !CLIENT_KEY_NAME_PATTERN.test(input.name)) {
      throw new InvalidRequestError('name must be 1-64 characters of letters, digits and . _ - (starting with a letter or digit).', 'name', 'invalid_value');
    }
    if (KEY_ID_PATTERN.test(input.name)) throw new InvalidRequestError('name must not look like a key id (key_…).', 'name', 'invalid_value');
    out.name = input.name;
  }
  if (input.models !== undefined) out.models = checkList(input.models, MODEL_ID_PATTERN, 'models', 'model name', true);
  if (input.providers !== undefined) out.providers = checkList(input.providers, PROVIDER_ID_PATTERN, 'providers', 'provider id', false);
  if (input.rpm !== undefined) out.rpm = positiveInteger(input.rpm, 'rpm');
  if (input.tpm !== undefined) out.tpm = positiveInteger(input.tpm, 'tpm');
  if (input.budget !== undefined) {
    if (input.budget !== null && (typeof input.budget !== 'number' || !Number.isFinite(input.budget) || input.budget <= 0 || input.budget > MAX_COUNT)) {
      throw new InvalidRequestError('budget must be a positive amount of US dollars.', 'budget', 'invalid_value');
    }
    out.budget = input.budget;
  }
  if (input.budgetPeriodMs !== undefined) {
    const period = input.budgetPeriodMs;
    if (period !== null && (typeof period !== 'number' || !Number.isInteger(period) || period < MIN_BUDGET_PERIOD_MS || period > 10 * 365 * 86_400_000)) {
      throw new InvalidRequestError('budgetPeriodMs must be a whole number of milliseconds from one minute to ten years.', 'budgetPeriodMs', 'invalid_value');
    }
    out.budgetPeriodMs = period;
  }
  if (input.expiresAt !== undefined) {
    const at = input.expiresAt;
    if (at !== null && (typeof at !== 'number' || !Number.isFinite(at) || at <= now)) throw new InvalidRequestError('expiresAt must be a time in the future (epoch ms).', 'expiresAt', 'invalid_value');
    out.expiresAt = at;
  }
  return out;
}

/** The client key operations of the configuration service. */
export function createClientKeyOperations(store: Store, run: (statements: Statement[]) => Promise<void>, source: ChangeSource, clock: () => number = Date.now) {
  const keys = store.clientKeys;

  async function checkProvidersExist(providers: string[] | null | undefined): Promise<void> {
    if (!providers) return;
    const known = new Set((await store.providers.list()).map((provider) => provider.id));
    providers.forEach((id, index) => {
      if (!known.has(id)) throw new InvalidRequestError(`Provider "${id}" does not exist. See \`provider-cli provider list\`.`, `providers[${index}]`, 'provider_not_found');
    });
  }

  async function checkNameFree(name: string | undefined, exceptId?: string): Promise<void> {
    if (name === undefined) return;
    const taken = (await keys.list()).find((key) => key.name === name && key.id !== exceptId);
    if (taken) throw new InvalidRequestError(`A client key named "${name}" already exists (${taken.id}).`, 'name', 'key_exists');
  }

  function checkBudgetPair(after: { budget?: number | null; budgetPeriodMs?: number | null }): void {
    if ((after.budgetPeriodMs ?? null) !== null && (after.budget ?? null) === null) throw new InvalidRequestError('a budget period needs a budget.', 'budgetPeriodMs', 'invalid_value');
  }

  return {
    /** The stored keys (never their values). */
    listClientKeys: () => keys.list(),

    /** A key by id or name (404 `key_not_found`). */
    getClientKey: (idOrName: string) => keys.get(idOrName),

    /** Makes a key: returns it with its value, which is not stored and cannot be shown again. */
    async createClientKey(input: ClientKeyInput): Promise<IssuedClientKey> {
      const now = clock();
      const fields = checkFields(input, now, true);
      checkBudgetPair(fields);
      await checkProvidersExist(fields.providers);
      await checkNameFree(fields.name);
      const id = generateClientKeyId();
      const value = generateClientKeyValue();
      await run(keys.planCreate(id, fields as ClientKeyInput, { keyHash: hashClientKey(value), keyPrefix: clientKeyPrefix(value) }, source, now));
      return { key: await keys.get(id), value };
    },

    /** Changes a key's name, models, providers or limits (null clears one). */
    async updateClientKey(idOrName: string, change: ClientKeyChange): Promise<ClientKeyRecord> {
      const before = await keys.get(idOrName);
      const fields = checkFields(change, clock(), false);
      checkBudgetPair({ budget: before.budget, budgetPeriodMs: before.budgetPeriodMs, ...fields });
      await checkProvidersExist(fields.providers);
      await checkNameFree(fields.name, before.id);
      if (Object.keys(fields).length === 0) return before;
      await run(keys.planUpdate(before, fields, 'update', source));
      return keys.get(before.id);
    },

    /** Revokes a key: refused from the next request on. A key already revoked is left as it is (`changed: false`). */
    async revokeClientKey(idOrName: string): Promise<{ key: ClientKeyRecord; changed: boolean }> {
      const before = await keys.get(idOrName);
      if (before.revokedAt !== null) return { key: before, changed: false };
      const now = clock();
      await run(keys.planUpdate(before, { revokedAt: now } satisfies ClientKeyPatch, 'revoke', source, now));
      return { key: await keys.get(before.id), changed: true };
    },

    /** Gives a key a new value (the old one is refused from then on); the key keeps its id, limits and usage. */
    async rotateClientKey(idOrName: string): Promise<IssuedClientKey> {
      const before = await keys.get(idOrName);
      if (before.revokedAt !== null) throw new InvalidRequestError(`Client key "${before.name}" is revoked; create a new one instead.`, 'key', 'key_revoked');
      const value = generateClientKeyValue();
      await run(keys.planUpdate(before, { keyHash: hashClientKey(value), keyPrefix: clientKeyPrefix(value) }, 'rotate', source));
      return { key: await keys.get(before.id), value };
    },

    /** Removes a key and its usage rows (its log rows keep its id). */
    async removeClientKey(idOrName: string): Promise<ClientKeyRecord> {
      const before = await keys.get(idOrName);
      await run(keys.planRemove(before, source));
      return before;
    },
  };
}
