/** Model definitions and their links to providers. */
import { and, asc, eq, sql } from 'drizzle-orm';
import { InvalidRequestError, NotFoundError } from '@router/core';
import { assertModelId } from '../ids.js';
import type { Database } from '../open-store.js';
import { insertionOrder, tablesOf } from '../dialect.js';
import type { models, providerModels, providers } from '../schema/index.js';
import { historyInsert, type ChangeSource } from './history.js';
import { runBatch, type Statement } from './statements.js';

/** A model with the providers linked to it. */
export interface ModelRecord {
  id: string;
  /** Human name (as providers have). */
  name: string | null;
  /** The same as `name` (its older spelling). */
  displayName: string | null;
  description: string | null;
  capabilities: string[];
  contextLength: number | null;
  providers: { providerId: string; upstreamModel: string | null; priority: number }[];
  createdAt: number;
  updatedAt: number;
}

/** Fields of a model definition. */
export interface ModelInput {
  id: string;
  /** Human name (as providers have). */
  name?: string | null;
  /** The older spelling of `name`; when both are given they must agree. */
  displayName?: string | null;
  description?: string | null;
  capabilities?: string[];
  contextLength?: number | null;
}

/** The human name from `name` or its older spelling `displayName` (undefined: not given); refuses two different values. */
function nameOf(input: Pick<ModelInput, 'name' | 'displayName'>): string | null | undefined {
  if (input.name !== undefined && input.displayName !== undefined && input.name !== input.displayName) {
    throw new InvalidRequestError('name and displayName are the same field (displayName is its older spelling); give one of them.', 'displayName', 'invalid_value');
  }
  return input.name !== undefined ? input.name : input.displayName;
}

/** Creates the models repository. */
export function createModelsRepository(db: Database) {
  const { models, providerModels, providers } = tablesOf(db);
  async function list(filter: { capability?: string; providerId?: string } = {}): Promise<ModelRecord[]> {
    const rows = await db.select().from(models).orderBy(asc(models.id));
    // Equal priorities keep the order the links were made in (failover order, never load sharing).
    const links = await db.select().from(providerModels).orderBy(asc(providerModels.priority), asc(providerModels.createdAt), insertionOrder(db));
    const records = rows.map((row) => ({
      ...row,
      name: row.displayName,
      capabilities: JSON.parse(row.capabilities) as string[],
      providers: links.filter((link) => link.modelId === row.id).map((link) => ({ providerId: link.providerId, upstreamModel: link.upstreamModel, priority: link.priority })),
    }));
    return records.filter(
      (record) =>
        (!filter.capability || record.capabilities.includes(filter.capability)) &&
        (!filter.providerId || record.providers.some((link) => link.providerId === filter.providerId)),
    );
  }

  async function get(id: string): Promise<ModelRecord> {
    const found = (await list()).find((model) => model.id === id);
    if (!found) throw new NotFoundError(`Model "${id}" does not exist. See \`provider-cli model list\`.`, 'model_not_found', 'id');
    return found;
  }

  /** Validates a new model and returns the statements that create it. */
  async function planCreate(input: ModelInput, source: ChangeSource): Promise<Statement[]> {
    const id = assertModelId(input.id);
    const name = nameOf(input);
    const [existing] = await db.select({ id: models.id }).from(models).where(eq(models.id, id));
    if (existing) throw new InvalidRequestError(`Model "${id}" already exists.`, 'id', 'already_exists');
    const row = { id, displayName: name ?? null, description: input.description ?? null, capabilities: JSON.stringify(input.capabilities ?? []), contextLength: input.contextLength ?? null };
    return [db.insert(models).values(row), historyInsert(db, { source, action: 'create', entity: 'model', entityId: id, newValue: input })];
  }

  async function create(input: ModelInput, source: ChangeSource): Promise<ModelRecord> {
    await runBatch(db, await planCreate(input, source));
    return get(input.id);
  }

  /** Returns the statements that change the definition `before` (its links are left alone). */
  function planUpdate(before: ModelRecord, patch: Omit<Partial<ModelInput>, 'id'>, source: ChangeSource): Statement[] {
    const name = nameOf(patch);
    const changes: Partial<typeof models.$inferInsert> = { updatedAt: Date.now() };
    if (name !== undefined) changes.displayName = name;
    if (patch.description !== undefined) changes.description = patch.description;
    if (patch.capabilities !== undefined) changes.capabilities = JSON.stringify(patch.capabilities);
    if (patch.contextLength !== undefined) changes.contextLength = patch.contextLength;
    return [
      db.update(models).set(changes).where(eq(models.id, before.id)),
      historyInsert(db, { source, action: 'update', entity: 'model', entityId: before.id, oldValue: before, newValue: { ...before, ...patch, ...(name !== undefined ? { name, displayName: name } : {}) } }),
    ];
  }

  async function update(id: string, patch: Omit<Partial<ModelInput>, 'id'>, source: ChangeSource): Promise<ModelRecord> {
    nameOf(patch);
    await runBatch(db, planUpdate(await get(id), patch, source));
    return get(id);
  }

  async function remove(id: string, source: ChangeSource): Promise<ModelRecord> {
    const before = await get(id);
    await runBatch(db, planRemove(before, source));
    return before;
  }

  /** The statements that link (or re-link) a provider and a model; the caller has checked that both exist. */
  function planLink(providerId: string, modelId: string, options: { upstreamModel?: string | null; priority?: number }, source: ChangeSource): Statement[] {
    const value = { providerId, modelId, upstreamModel: options.upstreamModel ?? null, priority: options.priority ?? 100 };
    return [
      db.insert(providerModels).values(value).onConflictDoUpdate({ target: [providerModels.providerId, providerModels.modelId], set: { upstreamModel: value.upstreamModel, priority: value.priority } }),
      historyInsert(db, { source, action: 'link', entity: 'model', entityId: modelId, newValue: value }),
    ];
  }

  async function link(providerId: string, modelId: string, options: { upstreamModel?: string | null; priority?: number }, source: ChangeSource): Promise<ModelRecord> {
    const [provider] = await db.select({ id: providers.id }).from(providers).where(eq(providers.id, providerId));
    if (!provider) throw new NotFoundError(`Provider "${providerId}" does not exist.`, 'provider_not_found', 'provider');
    await get(modelId);
    await runBatch(db, planLink(providerId, modelId, options, source));
    return get(modelId);
  }

  /** Checks the link exists and returns the statements that remove it. */
  async function planUnlink(providerId: string, modelId: string, source: ChangeSource): Promise<Statement[]> {
    const [row] = await db.select().from(providerModels).where(and(eq(providerModels.providerId, providerId), eq(providerModels.modelId, modelId)));
    if (!row) throw new NotFoundError(`Model "${modelId}" is not linked to provider "${providerId}".`, 'link_not_found', 'model');
    return [
      db.delete(providerModels).where(and(eq(providerModels.providerId, providerId), eq(providerModels.modelId, modelId))),
      historyInsert(db, { source, action: 'unlink', entity: 'model', entityId: modelId, oldValue: row }),
    ];
  }

  async function unlink(providerId: string, modelId: string, source: ChangeSource): Promise<void> {
    await runBatch(db, await planUnlink(providerId, modelId, source));
  }

  /** The statements that remove `before` (its links cascade). */
  function planRemove(before: ModelRecord, source: ChangeSource): Statement[] {
    return [db.delete(models).where(eq(models.id, before.id)), historyInsert(db, { source, action: 'delete', entity: 'model', entityId: before.id, oldValue: before })];
  }

  return { list, get, create, update, remove, link, unlink, planCreate, planUpdate, planRemove, planLink, planUnlink };
}

/** The models repository. */
export type ModelsRepository = ReturnType<typeof createModelsRepository>;
