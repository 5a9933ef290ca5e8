/** The configuration history: every change, secrets masked, with the door it came through. */
import { and, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import { maskConfig } from '@router/core';
import type { Database } from '../open-store.js';
import { tablesOf } from '../dialect.js';

/** Which door a change came through. */
export type ChangeSource = 'cli' | 'api' | 'env' | 'migrate' | 'system';

/** One change to record. */
export interface Change {
  source: ChangeSource;
  action: string;
  entity: string;
  entityId?: string | null;
  oldValue?: unknown;
  newValue?: unknown;
}

/** One history row as read back (values already masked). */
export interface HistoryEntry {
  id: number;
  createdAt: number;
  source: string;
  action: string;
  entity: string;
  entityId: string | null;
  oldValue: unknown;
  newValue: unknown;
}

function serialise(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return JSON.stringify(maskConfig(value));
}

/** The insert statement for a change, to run in the same batch as the change itself. */
export function historyInsert(db: Database, change: Change) {
  const { configHistory } = tablesOf(db);
  return db.insert(configHistory).values({
    source: change.source,
    action: change.action,
    entity: change.entity,
    entityId: change.entityId ?? null,
    oldValue: serialise(change.oldValue),
    newValue: serialise(change.newValue),
  });
}

function parse(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Reads the history, newest first. */
export function createHistoryRepository(db: Database) {
  const { configHistory } = tablesOf(db);
  return {
    /** The newest `limit` changes (default 50) matching the filters; `before` (an entry's id) pages on to older ones. */
    async list(options: { limit?: number; entity?: string; entityId?: string; since?: number; source?: string; before?: number } = {}): Promise<HistoryEntry[]> {
      const where: SQL[] = [];
      if (options.before !== undefined) where.push(lt(configHistory.id, options.before));
      if (options.source) where.push(eq(configHistory.source, options.source));
      if (options.entity) where.push(eq(configHistory.entity, options.entity));
      if (options.entityId) where.push(eq(configHistory.entityId, options.entityId));
      if (options.since !== undefined) where.push(gte(configHistory.createdAt, options.since));
      const rows = await db
        .select()
        .from(configHistory)
        .where(where.length ? and(...where) : undefined)
        .orderBy(desc(configHistory.id))
        .limit(options.limit ?? 50);
      return rows.map((row) => ({ ...row, oldValue: parse(row.oldValue), newValue: parse(row.newValue) }));
    },
    async record(change: Change): Promise<void> {
      await historyInsert(db, change);
    },
  };
}

/** The history repository. */
export type HistoryRepository = ReturnType<typeof createHistoryRepository>;
