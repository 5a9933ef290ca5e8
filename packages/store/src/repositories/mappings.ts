/** Model mappings (routes): a requested model name → an ordered list of provider targets. */
import { asc, eq, inArray } from 'drizzle-orm';
import { InvalidRequestError, NotFoundError, type RouteTarget } from '@router/core';
import { assertModelId } from '../ids.js';
import type { Database } from '../open-store.js';
import { tablesOf } from '../dialect.js';
import { historyInsert, type ChangeSource } from './history.js';
import { runBatch, type Statement } from './statements.js';

/** One mapping with its targets in order. */
export interface MappingRecord {
  model: string;
  targets: RouteTarget[];
}

/** Creates the mappings repository. */
export function createMappingsRepository(db: Database) {
  const { modelMappings, providers } = tablesOf(db);
  async function list(): Promise<MappingRecord[]> {
    const rows = await db.select().from(modelMappings).orderBy(asc(modelMappings.model), asc(modelMappings.position));
    const out = new Map<string, RouteTarget[]>();
    for (const row of rows) {
      const targets = out.get(row.model) ?? [];
      targets.push({ providerId: row.providerId, model: row.targetModel, weight: row.weight, ...(row.priority !== null ? { priority: row.priority } : {}) });
      out.set(row.model, targets);
    }
    return [...out.entries()].map(([model, targets]) => ({ model, targets }));
  }

  async function get(model: string): Promise<MappingRecord> {
    const found = (await list()).find((mapping) => mapping.model === model);
    if (!found) throw new NotFoundError(`No mapping for model "${model}".`, 'mapping_not_found', 'model');
    return found;
  }

  async function set(model: string, targets: RouteTarget[], source: ChangeSource): Promise<MappingRecord> {
    assertModelId(model, 'model');
    if (targets.length === 0) throw new InvalidRequestError('a mapping needs at least one target provider', 'targets', 'invalid_value');
    const ids = [...new Set(targets.map((target) => target.providerId))];
    const known = new Set((await db.select({ id: providers.id }).from(providers).where(inArray(providers.id, ids))).map((row) => row.id));
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length) throw new NotFoundError(`Provider "${missing[0]}" does not exist. See \`provider-cli provider list\`.`, 'provider_not_found', 'targets');
    const old = (await list()).find((mapping) => mapping.model === model);
    await runBatch(db, [
      db.delete(modelMappings).where(eq(modelMappings.model, model)),
      db.insert(modelMappings).values(
        targets.map((target, position) => ({
          model, position, providerId: target.providerId, targetModel: target.model ?? null, weight: target.weight ?? 1, priority: target.priority ?? null,
        })),
      ),
      historyInsert(db, { source, action: 'set', entity: 'mapping', entityId: model, oldValue: old?.targets ?? null, newValue: targets }),
    ]);
    return get(model);
  }

  async function remove(model: string, source: ChangeSource): Promise<MappingRecord> {
    const old = await get(model);
    await runBatch(db, [
      db.delete(modelMappings).where(eq(modelMappings.model, model)),
      historyInsert(db, { source, action: 'delete', entity: 'mapping', entityId: model, oldValue: old.targets }),
    ]);
    return old;
  }

  return { list, get, set, remove };
}

/** Parses `model:provider,model:provider` (legacy MODEL_MAPPINGS) into mappings; `provider` may be `a|b` for fallbacks. */
export function parseModelMappings(text: string): MappingRecord[] {
  const out: MappingRecord[] = [];
  for (const part of text.split(',').map((item) => item.trim()).filter(Boolean)) {
    const index = part.lastIndexOf(':');
    if (index <= 0 || index === part.length - 1) throw new InvalidRequestError(`MODEL_MAPPINGS entry "${part}" must look like model:provider`, 'MODEL_MAPPINGS', 'invalid_value');
    const model = part.slice(0, index).trim();
    const targets = part.slice(index + 1).split('|').map((providerId) => ({ providerId: providerId.trim() }));
    out.push({ model, targets });
  }
  return out;
}

/** The mappings repository. */
export type MappingsRepository = ReturnType<typeof createMappingsRepository>;
