/** Settings: the active and default provider, and other key/value settings. */
import { eq } from 'drizzle-orm';
import { NotFoundError } from '@router/core';
import type { Database } from '../open-store.js';
import { tablesOf } from '../dialect.js';
import { historyInsert, type ChangeSource } from './history.js';
import { runBatch, type Statement } from './statements.js';

/** Setting keys with a meaning to the router. */
export const SETTING = { activeProvider: 'active_provider', defaultProvider: 'default_provider' } as const;

/** Creates the settings repository. */
export function createSettingsRepository(db: Database) {
  const { providers, settings } = tablesOf(db);
  async function get(key: string): Promise<string | null> {
    const [row] = await db.select().from(settings).where(eq(settings.key, key));
    return row?.value ?? null;
  }

  async function all(): Promise<Record<string, string>> {
    const rows = await db.select().from(settings);
    return Object.fromEntries(rows.map((row) => [row.key, row.value]));
  }

  /** The statements that set (or, with null, delete) a setting; none when it already has that value. */
  async function planSet(key: string, value: string | null, source: ChangeSource): Promise<Statement[]> {
    const old = await get(key);
    if (old === value) return [];
    const write =
      value === null
        ? db.delete(settings).where(eq(settings.key, key))
        : db.insert(settings).values({ key, value }).onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: Date.now() } });
    return [write, historyInsert(db, { source, action: value === null ? 'delete' : 'set', entity: 'setting', entityId: key, oldValue: old, newValue: value })];
  }

  async function set(key: string, value: string | null, source: ChangeSource): Promise<void> {
    await runBatch(db, await planSet(key, value, source));
  }

  async function setProvider(key: string, providerId: string | null, source: ChangeSource): Promise<void> {
    if (providerId !== null) {
      const [row] = await db.select({ id: providers.id }).from(providers).where(eq(providers.id, providerId));
      if (!row) throw new NotFoundError(`Provider "${providerId}" does not exist. See \`provider-cli provider list\`.`, 'provider_not_found', 'provider');
    }
    await set(key, providerId, source);
  }

  return {
    get,
    all,
    set,
    planSet,
    getActiveProvider: () => get(SETTING.activeProvider),
    setActiveProvider: (id: string | null, source: ChangeSource) => setProvider(SETTING.activeProvider, id, source),
    getDefaultProvider: () => get(SETTING.defaultProvider),
    setDefaultProvider: (id: string | null, source: ChangeSource) => setProvider(SETTING.defaultProvider, id, source),
  };
}

/** The settings repository. */
export type SettingsRepository = ReturnType<typeof createSettingsRepository>;
