/** Providers: CRUD with filters, enable/disable, configuration (whole or one key) and the default model. */
import type { Handler } from 'hono';
import { z } from 'zod';
import { CONFIG_KEY_RULE, InvalidRequestError, isConfigKey } from '@router/core';
import { maskProvider, type ProviderRecord } from '@router/store';
import type { ManagementContext, ServerApp } from './management-context.js';
import {
  configSchema, modelIdSchema, providerIdParam, providerIdSchema, queryBoolean, readJson, readQuery,
} from './validation.js';

const fields = {
  name: z.string().trim().max(200).optional(),
  type: z.string().optional(),
  enabled: z.boolean().optional(),
  priority: z.number().int().min(0).max(1_000_000).optional(),
  defaultModel: modelIdSchema.nullable().optional(),
  config: configSchema.optional(),
};
export const providerCreateSchema = z.strictObject({ id: providerIdSchema, ...fields, type: z.string().default('openai-compatible') });
export const providerUpdateSchema = z.strictObject({ id: z.string().optional(), ...fields, createdAt: z.unknown().optional(), updatedAt: z.unknown().optional(), capabilities: z.unknown().optional() });
export const providerListQuery = z.object({ type: z.string().optional(), enabled: queryBoolean.optional() });
export const providerDeleteQuery = z.object({ force: queryBoolean.optional() });
export const configValueSchema = z.strictObject({ value: z.unknown().refine((value) => value !== undefined, 'is required (null removes the key)') });
export const defaultModelSchema = z.strictObject({ model: modelIdSchema.nullable() });

/** Registers the provider routes; `GET /v1/providers/health` is served by `health` through the `:id` route. */
export function registerProviderRoutes(app: ServerApp, ctx: ManagementContext, reserved: { health: Handler }): void {
  const { store } = ctx;
  // masked with the router's adapters, so keys an embedder's adapter marks secret are masked too
  const show = (record: ProviderRecord) => maskProvider(record, ctx.router.adapters);

  app.get('/v1/providers', async (c) => {
    const query = readQuery(c, providerListQuery);
    const records = await store.providers.list({ type: query.type, enabled: query.enabled });
    return c.json({ object: 'list', data: records.map(show) });
  });

  app.post('/v1/providers', async (c) => {
    const body = await readJson(c, providerCreateSchema);
    const created = await ctx.config.addProvider(body);
    await ctx.applied();
    return c.json(show(created), 201);
  });

  app.get('/v1/providers/:id', async (c, next) => {
    if (c.req.param('id') === 'health') return reserved.health(c, next);
    return c.json(show(await store.providers.get(providerIdParam(c))));
  });

  // PUT replaces the configuration when one is given; PATCH merges it key by key (null removes a key).
  for (const method of ['put', 'patch'] as const) {
    app[method]('/v1/providers/:id', async (c) => {
      const id = providerIdParam(c);
      const body = await readJson(c, providerUpdateSchema);
      if (body.id !== undefined && body.id !== id) throw new InvalidRequestError('id in the body does not match the path; ids cannot be changed.', 'id', 'invalid_value');
      const { name, type, enabled, priority, defaultModel, config } = body;
      const updated = await ctx.config.updateProvider(id, { name, type, enabled, priority, defaultModel, config }, { replaceConfig: method === 'put' });
      await ctx.applied();
      return c.json(show(updated));
    });
  }

  app.delete('/v1/providers/:id', async (c) => {
    const id = providerIdParam(c);
    const { force } = readQuery(c, providerDeleteQuery);
    const { removed, ...effects } = await ctx.config.removeProvider(id, { force });
    await ctx.applied();
    return c.json({ ...show(removed), deleted: true, ...effects });
  });

  for (const [action, enabled] of [['enable', true], ['disable', false]] as const) {
    app.post(`/v1/providers/:id/${action}`, async (c) => {
      const { provider, changed } = await ctx.config.setProviderEnabled(providerIdParam(c), enabled);
      if (changed) await ctx.applied();
      return c.json(show(provider));
    });
  }

  app.get('/v1/providers/:id/config', async (c) => c.json(show(await store.providers.get(providerIdParam(c))).config));

  app.put('/v1/providers/:id/config', async (c) => {
    const id = providerIdParam(c);
    const config = await readJson(c, configSchema);
    const updated = await ctx.config.replaceProviderConfig(id, config);
    await ctx.applied();
    return c.json(show(updated).config);
  });

  app.patch('/v1/providers/:id/config/:key', async (c) => {
    const id = providerIdParam(c);
    const key = c.req.param('key');
    if (!isConfigKey(key)) throw new InvalidRequestError(`key must be ${CONFIG_KEY_RULE}`, 'key', 'invalid_value');
    const { value } = await readJson(c, configValueSchema);
    const updated = await ctx.config.setProviderConfigValue(id, key, value);
    await ctx.applied();
    return c.json(show(updated).config);
  });

  app.get('/v1/providers/:id/default-model', async (c) => {
    const provider = await store.providers.get(providerIdParam(c));
    return c.json({ providerId: provider.id, model: provider.defaultModel });
  });

  app.put('/v1/providers/:id/default-model', async (c) => {
    const id = providerIdParam(c);
    const { model } = await readJson(c, defaultModelSchema);
    const updated = await ctx.config.setProviderDefaultModel(id, model);
    await ctx.applied();
    return c.json({ providerId: updated.id, model: updated.defaultModel });
  });
}
