/**
 * Price overrides (`/v1/prices`): the user's prices per model, US dollars per million tokens, which
 * win over the bundled price list (a provider's own reported cost still wins over both). Reads
 * come from the database; writes go through the configuration service (validated first, history
 * rows), and the server's snapshot (so the log worker and `x-router-cost`) sees them at once.
 */
import { z } from 'zod';
import { InvalidRequestError } from '@router/core';
import { bundledPrice, MAX_PRICE_PER_MILLION, PRICE_CATALOGUE, type PriceRecord } from '@router/store';
import type { ManagementContext, ServerApp } from './management-context.js';
import { modelIdParam, modelIdSchema, readJson, readQuery } from './validation.js';

const price = z.number().min(0).max(MAX_PRICE_PER_MILLION);
/** The body of `PUT /v1/prices/:model`. */
export const priceSetSchema = z.strictObject({
  model: z.string().optional().meta({ description: 'Accepted as a read returns it; must match the path.' }),
  inputPerMillion: price.meta({ description: 'US dollars per million prompt tokens.' }),
  outputPerMillion: price.meta({ description: 'US dollars per million completion tokens.' }),
  cachedInputPerMillion: price.nullable().optional().meta({ description: 'US dollars per million cached prompt tokens; null or absent: priced as other input.' }),
  updatedAt: z.unknown().optional(),
});
/** The query of `GET /v1/prices`. */
export const priceListQuery = z.strictObject({
  model: modelIdSchema.optional().meta({ description: 'Also say what the bundled price list has for this model (`bundled`).' }),
});

const shown = (record: PriceRecord) => ({ model: record.model, inputPerMillion: record.inputPerMillion, outputPerMillion: record.outputPerMillion, cachedInputPerMillion: record.cachedInputPerMillion, updatedAt: record.updatedAt });

/** Registers the price routes. */
export function registerPriceRoutes(app: ServerApp, ctx: ManagementContext): void {
  app.get('/v1/prices', async (c) => {
    const { model } = readQuery(c, priceListQuery);
    const data = (await ctx.store.prices.list()).map(shown);
    return c.json({ object: 'list', data, catalogue: PRICE_CATALOGUE, ...(model !== undefined ? { bundled: bundledPrice(model) } : {}) });
  });

  app.get('/v1/prices/:model{.+}', async (c) => c.json(shown(await ctx.store.prices.get(modelIdParam(c, 'model')))));

  app.put('/v1/prices/:model{.+}', async (c) => {
    const model = modelIdParam(c, 'model');
    const body = await readJson(c, priceSetSchema);
    if (body.model !== undefined && body.model !== model) throw new InvalidRequestError('model in the body does not match the path.', 'model', 'invalid_value');
    const saved = await ctx.config.setPrice(model, body);
    await ctx.applied();
    return c.json(shown(saved));
  });

  app.delete('/v1/prices/:model{.+}', async (c) => {
    const removed = await ctx.config.removePrice(modelIdParam(c, 'model'));
    await ctx.applied();
    return c.json({ ...shown(removed), deleted: true });
  });
}
