/** The user's price overrides: per model, US dollars per million input, output and cached input tokens. */
import { asc, eq } from 'drizzle-orm';
import { NotFoundError, type ModelPrice } from '@router/core';
import type { Database } from '../open-store.js';
import { tablesOf } from '../dialect.js';
import { historyInsert, type ChangeSource } from './history.js';
import type { Statement } from './statements.js';

/** One stored override. */
export interface PriceRecord {
  model: string;
  inputPerMillion: number;
  outputPerMillion: number;
  /** Null: cached prompt tokens cost the same as other input. */
  cachedInputPerMillion: number | null;
  updatedAt: number;
}

/** The price part of a record, as the history and the snapshot keep it. */
function rates(record: Pick<PriceRecord, 'inputPerMillion' | 'outputPerMillion' | 'cachedInputPerMillion'>): ModelPrice {
  return { inputPerMillion: record.inputPerMillion, outputPerMillion: record.outputPerMillion, cachedInputPerMillion: record.cachedInputPerMillion };
}

/** Creates the prices repository. */
export function createPricesRepository(db: Database) {
  const { modelPrices } = tablesOf(db);
  async function list(): Promise<PriceRecord[]> {
    return db.select().from(modelPrices).orderBy(asc(modelPrices.model));
  }

  async function find(model: string): Promise<PriceRecord | null> {
    const [row] = await db.select().from(modelPrices).where(eq(modelPrices.model, model));
    return row ?? null;
  }

  async function get(model: string): Promise<PriceRecord> {
    const found = await find(model);
    if (!found) throw new NotFoundError(`No price override for model "${model}". See \`provider-cli price list\`.`, 'price_not_found', 'model');
    return found;
  }

  /** The statements that set a model's override (with its history row); none when it already has these prices. */
  async function planSet(model: string, price: ModelPrice, source: ChangeSource): Promise<Statement[]> {
    const old = await find(model);
    const values = { inputPerMillion: price.inputPerMillion, outputPerMillion: price.outputPerMillion, cachedInputPerMillion: price.cachedInputPerMillion ?? null };
    if (old && JSON.stringify(rates(old)) === JSON.stringify(rates(values))) return [];
    return [
      db.insert(modelPrices).values({ model, ...values }).onConflictDoUpdate({ target: modelPrices.model, set: { ...values, updatedAt: Date.now() } }),
      historyInsert(db, { source, action: 'set', entity: 'price', entityId: model, oldValue: old ? rates(old) : null, newValue: rates(values) }),
    ];
  }

  /** The statements that remove a model's override (a 404 when it has none). */
  async function planRemove(model: string, source: ChangeSource): Promise<{ removed: PriceRecord; statements: Statement[] }> {
    const removed = await get(model);
    return {
      removed,
      statements: [db.delete(modelPrices).where(eq(modelPrices.model, model)), historyInsert(db, { source, action: 'delete', entity: 'price', entityId: model, oldValue: rates(removed) })],
    };
  }

  return { list, find, get, planSet, planRemove };
}

/** The prices repository. */
export type PricesRepository = ReturnType<typeof createPricesRepository>;
