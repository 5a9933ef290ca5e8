/**
 * Client keys (virtual keys): what each may use and its limits, stored by the SHA-256 of its value
 * (the value is shown once when it is made, never stored), and what each has used per budget
 * period (`client_key_usage`, written back in batches; those writes do not bump the configuration
 * revision, so usage never reloads the snapshot).
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, inArray, isNotNull, lt, max, sql } from 'drizzle-orm';
import { budgetPeriodStart, NotFoundError, type ClientKeyEntry } from '@router/core';
import type { Database } from '../open-store.js';
import { tablesOf } from '../dialect.js';
import type { clientKeys, clientKeyUsage, clientKeyWindows, requestLogs } from '../schema/index.js';
import { historyInsert, type ChangeSource } from './history.js';
import { rawRows, rawStatement, runBatch, type Statement } from './statements.js';

/** What every client key value starts with (so a leaked one is easy to recognise and scan for). */
export const CLIENT_KEY_PREFIX = 'rk-';
/** Characters shown of a key in lists: the prefix and a few more (never enough to use it). */
const SHOWN_CHARACTERS = 8;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random base62 text from the system's CSPRNG (rejection sampling: every character equally likely). */
function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // 62 * 4 = 248: bytes at or above it would favour the first characters
      if (byte < 248) out += ALPHABET[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

/** A new key value: `rk-` and 32 random base62 characters (about 190 bits). */
export function generateClientKeyValue(): string {
  return `${CLIENT_KEY_PREFIX}${randomBase62(32)}`;
}

/** A new key id (`key_` and 12 base62 characters): what logs and commands name a key by. */
export function generateClientKeyId(): string {
  return `key_${randomBase62(12)}`;
}

/** The SHA-256 of a key value, lower-case hex: how keys are stored and looked up. */
export function hashClientKey(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** The part of a key shown in lists. */
export function clientKeyPrefix(value: string): string {
  return value.slice(0, SHOWN_CHARACTERS);
}

/** A client key as the API and the CLI show it: never its value nor its hash. */
export interface ClientKeyRecord {
  id: string;
  name: string;
  /** The key's first characters (`rk-AbCd…`), to tell keys apart. */
  keyPrefix: string;
  models: string[] | null;
  providers: string[] | null;
  rpm: number | null;
  tpm: number | null;
  budget: number | null;
  budgetPeriodMs: number | null;
  expiresAt: number | null;
  revokedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

/** What a key is created with (its value and hash are made by the configuration service). */
export interface ClientKeyInput {
  name: string;
  models?: string[] | null;
  providers?: string[] | null;
  rpm?: number | null;
  tpm?: number | null;
  budget?: number | null;
  budgetPeriodMs?: number | null;
  expiresAt?: number | null;
}

/** The fields of a key that can change (`revokedAt` by revoking; the hash by rotating). */
export type ClientKeyPatch = Partial<ClientKeyInput> & { revokedAt?: number | null; keyHash?: string; keyPrefix?: string };

/** Usage of one key in one budget period. */
export interface ClientKeyUsageRow {
  keyId: string;
  periodStart: number;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  spent: number;
  updatedAt: number;
}

/** An increment to add to a key's usage in a period. */
export type ClientKeyUsageIncrement = Omit<ClientKeyUsageRow, 'updatedAt'>;

/** Requests and tokens of a key's one-minute rate window: claimed by one router (`claimWindows`), or claimed by all so far (what it returns). */
export interface ClientKeyWindowCount {
  keyId: string;
  /** Start of the window (ms since the epoch). */
  windowStart: number;
  requests: number;
  tokens: number;
}

type Row = typeof clientKeys.$inferSelect;

function parseList(text: string | null): string[] | null {
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : null;
  } catch {
    return null;
  }
}

function toRecord(row: Row): ClientKeyRecord {
  return {
    id: row.id, name: row.name, keyPrefix: row.keyPrefix, models: parseList(row.models), providers: parseList(row.providers), rpm: row.rpm, tpm: row.tpm,
    budget: row.budget, budgetPeriodMs: row.budgetPeriodMs, expiresAt: row.expiresAt, revokedAt: row.revokedAt, createdAt: row.createdAt, updatedAt: row.updatedAt,
  };
}

/** The snapshot's entry of a stored key. */
function toEntry(row: Row): ClientKeyEntry {
  const record = toRecord(row);
  return {
    id: record.id, name: record.name, keyHash: row.keyHash, models: record.models, providers: record.providers, rpm: record.rpm, tpm: record.tpm,
    budget: record.budget, budgetPeriodMs: record.budgetPeriodMs, expiresAt: record.expiresAt, revokedAt: record.revokedAt, createdAt: record.createdAt,
  };
}

const listText = (list: string[] | null | undefined) => (list === undefined ? undefined : list === null ? null : JSON.stringify(list));

/** Creates the client keys repository. */
export function createClientKeysRepository(db: Database) {
  const { clientKeys, clientKeyUsage, clientKeyWindows, requestLogs } = tablesOf(db);
  async function list(): Promise<ClientKeyRecord[]> {
    return (await db.select().from(clientKeys).orderBy(asc(clientKeys.createdAt), asc(clientKeys.id))).map(toRecord);
  }

  /** A key by id, else by name; null when neither matches. */
  async function find(idOrName: string): Promise<ClientKeyRecord | null> {
    const [byId] = await db.select().from(clientKeys).where(eq(clientKeys.id, idOrName));
    if (byId) return toRecord(byId);
    const [byName] = await db.select().from(clientKeys).where(eq(clientKeys.name, idOrName));
    return byName ? toRecord(byName) : null;
  }

  async function get(idOrName: string, param = 'key'): Promise<ClientKeyRecord> {
    const found = await find(idOrName);
    if (!found) throw new NotFoundError(`Client key "${idOrName}" does not exist. See \`provider-cli key list\`.`, 'key_not_found', param);
    return found;
  }

  return {
    list,
    find,
    get,

    /** Every key as the configuration snapshot holds it, by the hash of its value. */
    async entries(): Promise<Map<string, ClientKeyEntry>> {
      const rows = await db.select().from(clientKeys);
      return new Map(rows.map((row) => [row.keyHash, toEntry(row)]));
    },

    /** The statements that store a new key and record it in the history (without its value or hash). */
    planCreate(id: string, input: ClientKeyInput, secret: { keyHash: string; keyPrefix: string }, source: ChangeSource, now = Date.now()): Statement[] {
      const values = {
        id, name: input.name, keyHash: secret.keyHash, keyPrefix: secret.keyPrefix, models: listText(input.models) ?? null, providers: listText(input.providers) ?? null,
        rpm: input.rpm ?? null, tpm: input.tpm ?? null, budget: input.budget ?? null, budgetPeriodMs: input.budgetPeriodMs ?? null, expiresAt: input.expiresAt ?? null,
        createdAt: now, updatedAt: now,
      };
      const { keyHash: _hash, ...shown } = values;
      return [
        db.insert(clientKeys).values(values),
        historyInsert(db, { source, action: 'create', entity: 'client_key', entityId: id, newValue: { ...shown, models: input.models ?? null, providers: input.providers ?? null } }),
      ];
    },

    /** The statements that change a key and record it (`action`: `update`, `revoke`, `rotate`); the history never holds a hash or a value. */
    planUpdate(before: ClientKeyRecord, patch: ClientKeyPatch, action: string, source: ChangeSource, now = Date.now()): Statement[] {
      const set: Partial<typeof clientKeys.$inferInsert> = { updatedAt: now };
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.models !== undefined) set.models = listText(patch.models);
      if (patch.providers !== undefined) set.providers = listText(patch.providers);
      for (const field of ['rpm', 'tpm', 'budget', 'budgetPeriodMs', 'expiresAt', 'revokedAt'] as const) if (patch[field] !== undefined) set[field] = patch[field];
      if (patch.keyHash !== undefined) set.keyHash = patch.keyHash;
      if (patch.keyPrefix !== undefined) set.keyPrefix = patch.keyPrefix;
      const { keyHash: _hash, ...shownPatch } = patch;
      const after = { ...before, ...shownPatch, updatedAt: now };
      return [
        db.update(clientKeys).set(set).where(eq(clientKeys.id, before.id)),
        historyInsert(db, { source, action, entity: 'client_key', entityId: before.id, oldValue: before, newValue: after }),
      ];
    },

    /** The statements that remove a key (its usage rows go with it) and record it. */
    planRemove(before: ClientKeyRecord, source: ChangeSource): Statement[] {
      return [
        db.delete(clientKeys).where(eq(clientKeys.id, before.id)),
        historyInsert(db, { source, action: 'delete', entity: 'client_key', entityId: before.id, oldValue: before }),
      ];
    },

    /** Usage rows of the given keys (all keys when omitted), optionally only those of the given periods (`keyId` → `periodStart`). */
    async usage(filter: { keyIds?: readonly string[]; periods?: ReadonlyMap<string, number> } = {}): Promise<ClientKeyUsageRow[]> {
      const ids = filter.keyIds ?? (filter.periods ? [...filter.periods.keys()] : undefined);
      if (ids && ids.length === 0) return [];
      const rows = await db.select().from(clientKeyUsage).where(ids ? inArray(clientKeyUsage.keyId, [...ids]) : undefined);
      return filter.periods ? rows.filter((row) => filter.periods!.get(row.keyId) === row.periodStart) : rows;
    },

    /**
     * Adds usage increments in one transaction (insert, or add to the period's row). Rows of keys
     * removed meanwhile are skipped rather than failing the batch.
     */
    async addUsage(increments: readonly ClientKeyUsageIncrement[], now = Date.now()): Promise<void> {
      if (increments.length === 0) return;
      const statements = increments.map((row) =>
        rawStatement(db, sql`insert into ${clientKeyUsage} (key_id, period_start, requests, prompt_tokens, completion_tokens, spent, updated_at)
          select cast(${row.keyId} as text), cast(${row.periodStart} as bigint), cast(${row.requests} as integer), cast(${row.promptTokens} as bigint),
            cast(${row.completionTokens} as bigint), cast(${row.spent} as double precision), cast(${now} as bigint)
          where exists (select 1 from ${clientKeys} where id = ${row.keyId})
          on conflict (key_id, period_start) do update set
            requests = ${clientKeyUsage}.requests + excluded.requests, prompt_tokens = ${clientKeyUsage}.prompt_tokens + excluded.prompt_tokens,
            completion_tokens = ${clientKeyUsage}.completion_tokens + excluded.completion_tokens, spent = ${clientKeyUsage}.spent + excluded.spent, updated_at = excluded.updated_at`),
      );
      await runBatch(db, statements);
    },

    /**
     * Adds each claim to its key's rate window and returns what every router has claimed in that
     * window so far, the claim included (one atomic upsert per claim: two routers claiming at once
     * both see a total that counts the other's claim or not, never a lost one). Claims of keys
     * removed meanwhile are left out of the answer.
     */
    async claimWindows(claims: readonly ClientKeyWindowCount[]): Promise<ClientKeyWindowCount[]> {
      const totals = await Promise.all(
        claims.map(async (claim) => {
          const [row] = await rawRows<{ requests: number | string; tokens: number | string }>(db, sql`insert into ${clientKeyWindows} (key_id, window_start, requests, tokens)
            select cast(${claim.keyId} as text), cast(${claim.windowStart} as bigint), cast(${claim.requests} as integer), cast(${claim.tokens} as bigint)
            where exists (select 1 from ${clientKeys} where id = ${claim.keyId})
            on conflict (key_id, window_start) do update set
              requests = ${clientKeyWindows}.requests + excluded.requests, tokens = ${clientKeyWindows}.tokens + excluded.tokens
            returning requests, tokens`);
          return row ? { keyId: claim.keyId, windowStart: claim.windowStart, requests: Number(row.requests), tokens: Number(row.tokens) } : undefined;
        }),
      );
      return totals.filter((total): total is ClientKeyWindowCount => total !== undefined);
    },

    /** Removes the rate windows that started before `before` (they are only needed while they last). */
    async pruneWindows(before: number): Promise<void> {
      await db.delete(clientKeyWindows).where(lt(clientKeyWindows.windowStart, before));
    },

    /** When each key was last used (its newest log row), by key id. */
    async lastUsed(keyIds?: readonly string[]): Promise<Map<string, number>> {
      const where = keyIds ? and(isNotNull(requestLogs.keyId), inArray(requestLogs.keyId, [...keyIds])) : isNotNull(requestLogs.keyId);
      const rows = await db.select({ keyId: requestLogs.keyId, last: max(requestLogs.createdAt) }).from(requestLogs).where(where).groupBy(requestLogs.keyId);
      return new Map(rows.filter((row) => row.keyId !== null && row.last !== null).map((row) => [row.keyId as string, row.last as number]));
    },
  };
}

/** The client keys repository. */
export type ClientKeysRepository = ReturnType<typeof createClientKeysRepository>;

/** A key with what it has used in its current budget period, as lists and `key show` present it. */
export interface ClientKeyView extends ClientKeyRecord {
  /** `active`, `revoked` or `expired`. */
  status: 'active' | 'revoked' | 'expired';
  /** Usage in the current budget period (the key's lifetime when it has none). */
  usage: { periodStart: number; periodEnd: number | null; requests: number; promptTokens: number; completionTokens: number; spent: number };
  /** Epoch ms of the key's newest logged request; null: none logged. */
  lastUsedAt: number | null;
}

/** The keys (all, or those given) with their current period's usage and when they were last used. */
export async function clientKeyViews(repository: ClientKeysRepository, records?: readonly ClientKeyRecord[], now = Date.now()): Promise<ClientKeyView[]> {
  const keys = records ?? (await repository.list());
  const periods = new Map(keys.map((key) => [key.id, budgetPeriodStart(key, now)]));
  const ids = keys.map((key) => key.id);
  const [usage, lastUsed] = await Promise.all([repository.usage({ periods }), repository.lastUsed(ids)]);
  const byKey = new Map(usage.map((row) => [row.keyId, row]));
  return keys.map((key) => {
    const periodStart = periods.get(key.id)!;
    const row = byKey.get(key.id);
    return {
      ...key,
      status: key.revokedAt !== null ? 'revoked' : key.expiresAt !== null && key.expiresAt <= now ? 'expired' : 'active',
      usage: {
        periodStart,
        periodEnd: key.budgetPeriodMs ? periodStart + key.budgetPeriodMs : null,
        requests: row?.requests ?? 0,
        promptTokens: row?.promptTokens ?? 0,
        completionTokens: row?.completionTokens ?? 0,
        spent: row?.spent ?? 0,
      },
      lastUsedAt: lastUsed.get(key.id) ?? null,
    };
  });
}
