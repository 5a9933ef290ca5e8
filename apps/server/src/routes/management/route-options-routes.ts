/**
 * Route options: `GET /v1/route-options` (every route that has some), `GET`/`PATCH`/`DELETE
 * /v1/route-options/:model` — the stickiness of a route's weighted split and its shadow traffic.
 * Writes go through the configuration service (checked before the one write, with a history row).
 */
import { z } from 'zod';
import { InvalidRequestError } from '@router/core';
import { emptyRouteOptions } from '@router/store';
import type { ManagementContext, ServerApp } from './management-context.js';
import { modelIdParam, modelIdSchema, providerIdSchema, readJson } from './validation.js';

/** The body of `PATCH /v1/route-options/:model`: fields given replace the stored ones, null returns one to its default. */
export const routeOptionsPatchSchema = z.strictObject({
  stickiness: z.string().max(120).nullable().optional().meta({ description: '`header:<name>` (e.g. `header:x-router-session`), `user`, `first-message`, or `none`/null for none.' }),
  shadowPercent: z.number().min(0).max(100).nullable().optional().meta({ description: 'Share of the route\'s requests mirrored to its shadow targets, 0–100 (null: 0).' }),
  shadowPerMinute: z.number().int().min(1).max(100_000).nullable().optional().meta({ description: 'At most this many shadow calls per minute (null: the server\'s default).' }),
  shadowTimeoutMs: z.number().int().min(100).max(600_000).nullable().optional().meta({ description: 'A shadow call still running after this many milliseconds is cancelled (null: the server\'s default).' }),
  shadowTargets: z
    .array(z.strictObject({ providerId: providerIdSchema, model: modelIdSchema.nullable().optional().meta({ description: 'The model to ask for (absent: the upstream model the primary was asked for).' }) }))
    .max(8)
    .nullable()
    .optional()
    .meta({ description: 'Replaces the shadow targets, in order (empty or null: none); every provider must exist.' }),
  model: z.string().optional().meta({ description: 'Accepted as a read returns it; must match the path.' }),
});

/** Registers the route options routes. */
export function registerRouteOptionsRoutes(app: ServerApp, ctx: ManagementContext): void {
  const { store } = ctx;
  app.get('/v1/route-options', async (c) => c.json({ object: 'list', data: await store.routeOptions.list() }));
  app.get('/v1/route-options/:model{.+}', async (c) => c.json(await store.routeOptions.get(modelIdParam(c, 'model'))));
  app.patch('/v1/route-options/:model{.+}', async (c) => {
    const model = modelIdParam(c, 'model');
    const { model: named, ...patch } = await readJson(c, routeOptionsPatchSchema);
    if (named !== undefined && named !== model) throw new InvalidRequestError('model in the body does not match the path.', 'model', 'invalid_value');
    const saved = await ctx.config.updateRouteOptions(model, patch);
    await ctx.applied();
    return c.json(saved);
  });
  app.delete('/v1/route-options/:model{.+}', async (c) => {
    const model = modelIdParam(c, 'model');
    const empty = emptyRouteOptions(model);
    const { model: _model, ...reset } = empty;
    await ctx.config.updateRouteOptions(model, { ...reset, stickiness: null });
    await ctx.applied();
    return c.json({ ...empty, deleted: true });
  });
}
