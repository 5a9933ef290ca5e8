/** Providers and their configuration. Every write validates the config for the type and records history. */
import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import { DISCOVERED_CAPABILITY, InvalidRequestError, NotFoundError, createAdapterRegistry, maskConfig, secretRulesFor, unmaskConfig, validateProviderConfig, type AdapterRegistry, type BaseUrlPolicy, type StoredDiscovery } from '@router/core';
import { assertProviderId } from '../ids.js';
import type { Database } from '../open-store.js';
import { tablesOf } from '../dialect.js';
import type { providerConfig, providers, settings } from '../schema/index.js';
import { historyInsert, type ChangeSource } from './history.js';
import { runBatch, type Statement } from './statements.js';

/** A provider with its configuration (secrets in clear: mask before showing). */
export interface ProviderRecord {
  id: string;
  name: string;
  type: string;
  enabled: boolean;
  priority: number;
  defaultModel: string | null;
  capabilities: Record<string, unknown> | null;
  config: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

/** Fields to create a provider. */
export interface ProviderInput {
  id: string;
  name?: string;
  type: string;
  enabled?: boolean;
  priority?: number;
  defaultModel?: string | null;
  config?: Record<string, unknown>;
}

/** Fields to change on a provider (config is merged key by key unless `replaceConfig`). */
export interface ProviderPatch {
  name?: string;
  type?: string;
  enabled?: boolean;
  priority?: number;
  defaultModel?: string | null;
  config?: Record<string, unknown>;
}

let builtins: AdapterRegistry | undefined;

/** The provider as shown to people and API clients: secrets masked (with the keys its adapter's schema marks secret). */
export function maskProvider(record: ProviderRecord, registry: AdapterRegistry = (builtins ??= createAdapterRegistry())): ProviderRecord {
  return { ...record, config: maskConfig(record.config, secretRulesFor(registry, record.type)) };
}

function decode(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Parses a CLI/env `key=value` value: JSON when it parses as an object, array, number or boolean, else the text. */
export function parseConfigValue(text: string): unknown {
  const trimmed = text.trim();
  if (/^(\{|\[|true$|false$|null$|-?\d+(\.\d+)?$)/.test(trimmed)) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return text;
    }
  }
  return text;
}

/** Creates the providers repository. */
export function createProvidersRepository(db: Database, registry: AdapterRegistry = createAdapterRegistry(), policy: BaseUrlPolicy = {}) {
  const { providerConfig, providers, settings } = tablesOf(db);
  function validate(type: string, config: Record<string, unknown>): void {
    if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(type)) throw new InvalidRequestError('type must be a lower-case adapter name such as openai-compatible', 'type', 'invalid_type');
    const result = validateProviderConfig(registry, type, config, policy);
    if (!result.ok) {
      const issue = result.issues[0];
      throw new InvalidRequestError(`config.${issue.field} ${issue.message}`, `config.${issue.field}`, 'invalid_config');
    }
  }

  async function loadConfig(ids: string[]): Promise<Map<string, Record<string, unknown>>> {
    const out = new Map<string, Record<string, unknown>>();
    if (ids.length === 0) return out;
    const rows = await db.select().from(providerConfig).where(inArray(providerConfig.providerId, ids));
    for (const row of rows) {
      const config = out.get(row.providerId) ?? {};
      config[row.key] = decode(row.value);
      out.set(row.providerId, config);
    }
    return out;
  }

  function toRecord(row: typeof providers.$inferSelect, config: Record<string, unknown> | undefined): ProviderRecord {
    return {
      ...row,
      capabilities: row.capabilities ? (decode(row.capabilities) as Record<string, unknown>) : null,
      config: config ?? {},
    };
  }

  async function list(filter: { type?: string; enabled?: boolean } = {}): Promise<ProviderRecord[]> {
    const where: SQL[] = [];
    if (filter.type) where.push(eq(providers.type, filter.type));
    if (filter.enabled !== undefined) where.push(eq(providers.enabled, filter.enabled));
    const rows = await db.select().from(providers).where(where.length ? and(...where) : undefined).orderBy(asc(providers.priority), asc(providers.id));
    const configs = await loadConfig(rows.map((row) => row.id));
    return rows.map((row) => toRecord(row, configs.get(row.id)));
  }

  async function find(id: string): Promise<ProviderRecord | null> {
    const [row] = await db.select().from(providers).where(eq(providers.id, id));
    if (!row) return null;
    return toRecord(row, (await loadConfig([id])).get(id));
  }

  async function get(id: string): Promise<ProviderRecord> {
    const record = await find(id);
    if (!record) throw new NotFoundError(`Provider "${id}" does not exist. See \`provider-cli provider list\`.`, 'provider_not_found', 'id');
    return record;
  }

  function configRows(id: string, config: Record<string, unknown>) {
    return Object.entries(config)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => ({ providerId: id, key, value: JSON.stringify(value) }));
  }

  /** Validates a new provider and returns the statements that create it (run them in one batch). */
  async function planCreate(input: ProviderInput, source: ChangeSource): Promise<Statement[]> {
    const id = assertProviderId(input.id);
    const config = input.config ?? {};
    validate(input.type, config);
    if (await find(id)) throw new InvalidRequestError(`Provider "${id}" already exists; edit it with \`provider-cli provider edit ${id}\`.`, 'id', 'already_exists');
    const row = { id, name: input.name?.trim() || id, type: input.type, enabled: input.enabled ?? true, priority: input.priority ?? 100, defaultModel: input.defaultModel ?? null };
    const rows = configRows(id, config);
    return [
      db.insert(providers).values(row),
      ...(rows.length ? [db.insert(providerConfig).values(rows)] : []),
      historyInsert(db, { source, action: 'create', entity: 'provider', entityId: id, newValue: { ...row, config: maskConfig(config, secretRulesFor(registry, row.type)) } }),
    ];
  }

  async function create(input: ProviderInput, source: ChangeSource): Promise<ProviderRecord> {
    await runBatch(db, await planCreate(input, source));
    return get(input.id);
  }

  /** Validates a change to `before` and returns the statements that make it (run them in one batch). */
  function planUpdate(before: ProviderRecord, patch: ProviderPatch, source: ChangeSource, options: { replaceConfig?: boolean } = {}): Statement[] {
    const id = before.id;
    const incoming = patch.config ? unmaskConfig(patch.config, before.config, secretRulesFor(registry, before.type)) : undefined;
    const config = incoming ? (options.replaceConfig ? incoming : { ...before.config, ...incoming }) : before.config;
    for (const key of Object.keys(config)) if (config[key] === null) delete config[key];
    const type = patch.type ?? before.type;
    validate(type, config);
    const changes: Partial<typeof providers.$inferInsert> = { updatedAt: Date.now() };
    if (patch.name !== undefined) changes.name = patch.name.trim() || id;
    if (patch.type !== undefined) changes.type = patch.type;
    if (patch.enabled !== undefined) changes.enabled = patch.enabled;
    if (patch.priority !== undefined) changes.priority = patch.priority;
    if (patch.defaultModel !== undefined) changes.defaultModel = patch.defaultModel;
    const rows = configRows(id, config);
    const statements: Statement[] = [db.update(providers).set(changes).where(eq(providers.id, id))];
    if (incoming) {
      statements.push(db.delete(providerConfig).where(eq(providerConfig.providerId, id)));
      if (rows.length) statements.push(db.insert(providerConfig).values(rows));
    }
    const { config: _old, ...oldRest } = before;
    const after = { ...oldRest, ...changes, config };
    statements.push(historyInsert(db, { source, action: 'update', entity: 'provider', entityId: id, oldValue: maskProvider(before, registry), newValue: maskProvider(after as ProviderRecord, registry) }));
    return statements;
  }

  async function update(id: string, patch: ProviderPatch, source: ChangeSource, options: { replaceConfig?: boolean } = {}): Promise<ProviderRecord> {
    await runBatch(db, planUpdate(await get(id), patch, source, options));
    return get(id);
  }

  /** The statements that remove `before` (its config, links and mapping targets cascade; the active/default settings naming it go too). */
  function planRemove(before: ProviderRecord, source: ChangeSource): Statement[] {
    const id = before.id;
    return [
      db.delete(providers).where(eq(providers.id, id)),
      db.delete(settings).where(and(inArray(settings.key, ['active_provider', 'default_provider']), eq(settings.value, id))),
      historyInsert(db, { source, action: 'delete', entity: 'provider', entityId: id, oldValue: maskProvider(before, registry) }),
    ];
  }

  async function remove(id: string, source: ChangeSource): Promise<ProviderRecord> {
    const before = await get(id);
    await runBatch(db, planRemove(before, source));
    return before;
  }

  /** Stores what a probe learned; what discovery keeps there (`discovered`) stays unless `capabilities` has its own. */
  async function setCapabilities(id: string, capabilities: Record<string, unknown>): Promise<void> {
    const before = await get(id);
    const kept = before.capabilities?.[DISCOVERED_CAPABILITY];
    const next = kept !== undefined && !(DISCOVERED_CAPABILITY in capabilities) ? { ...capabilities, [DISCOVERED_CAPABILITY]: kept } : capabilities;
    await db.update(providers).set({ capabilities: JSON.stringify(next), updatedAt: Date.now() }).where(eq(providers.id, id));
  }

  /** Stores what discovery learned about a local server in its capabilities, beside what a probe learned. */
  async function setDiscovered(id: string, discovered: StoredDiscovery): Promise<void> {
    const before = await get(id);
    await db.update(providers).set({ capabilities: JSON.stringify({ ...before.capabilities, [DISCOVERED_CAPABILITY]: discovered }), updatedAt: Date.now() }).where(eq(providers.id, id));
  }

  /** Bumps the provider's revision without changing it, so running servers re-read it (`provider reload`). */
  async function touch(id: string, source: ChangeSource): Promise<ProviderRecord> {
    await get(id);
    await runBatch(db, [
      db.update(providers).set({ updatedAt: Date.now() }).where(eq(providers.id, id)),
      historyInsert(db, { source, action: 'reload', entity: 'provider', entityId: id }),
    ]);
    return get(id);
  }

  return {
    /** The adapters configs are validated against. */
    registry,
    list,
    find,
    get,
    create,
    update,
    remove,
    planCreate,
    planUpdate,
    planRemove,
    setCapabilities,
    setDiscovered,
    touch,
    setEnabled: (id: string, enabled: boolean, source: ChangeSource) => update(id, { enabled }, source),
    getConfig: async (id: string) => (await get(id)).config,
    replaceConfig: (id: string, config: Record<string, unknown>, source: ChangeSource) => update(id, { config }, source, { replaceConfig: true }),
    setConfigValue: (id: string, key: string, value: unknown, source: ChangeSource) => update(id, { config: { [key]: value } }, source),
  };
}

/** The providers repository. */
export type ProvidersRepository = ReturnType<typeof createProvidersRepository>;
