/** Providers: CRUD with filters, enable/disable, configuration (whole or one key) and the default model. */
import type { Handler } from 'hono';
import { z } from 'zod';
import { InvalidRequestError, NotFoundError } from '@router/core';
import { maskProvider, type ProviderRecord } from '@router/store';
import type { ManagementContext, ServerApp } from './management-context.js';
import {
  assertNoUnresolvedMask, configSchema, isConfigKey, modelIdSchema, providerIdParam, providerIdSchema, queryBoolean, readJson, readQuery,
} from './validation.js';

/** Ids that would be shadowed by fixed routes under `/v1/providers/`. */
const RESERVED_IDS = new Set(['health']);

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
    if (RESERVED_IDS.has(body.id)) throw new InvalidRequestError(`"${body.id}" is reserved by the API; choose another id.`, 'id', 'invalid_id');
    assertNoUnresolvedMask(body.config ?? {}, {});
    const created = await store.providers.create(body, 'api');
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
      const before = await store.providers.get(id);
      if (body.config) assertNoUnresolvedMask(body.config, before.config);
      const { name, type, enabled, priority, defaultModel, config } = body;
      const updated = await store.providers.update(id, { name, type, enabled, priority, defaultModel, config }, 'api', { replaceConfig: method === 'put' });
      await ctx.applied();
      return c.json(show(updated));
    });
  }

  app.delete('/v1/providers/:id', async (c) => {
    const id = providerIdParam(c);
    const { force } = readQuery(c, providerDeleteQuery);
    await store.providers.get(id);
    if (!force && (await store.settings.getActiveProvider()) === id) {
      throw new InvalidRequestError(`Provider "${id}" is the active provider; switch first or repeat with ?force=true.`, 'force', 'provider_active');
    }
    const removed = await store.providers.remove(id, 'api');
    await ctx.applied();
    return c.json({ ...show(removed), deleted: true });
  });

  for (const [action, enabled] of [['enable', true], ['disable', false]] as const) {
    app.post(`/v1/providers/:id/${action}`, async (c) => {
      const updated = await store.providers.setEnabled(providerIdParam(c), enabled, 'api');
      await ctx.applied();
      return c.json(show(updated));
    });
  }

  app.get('/v1/providers/:id/config', async (c) => c.json(show(await store.providers.get(providerIdParam(c))).config));

  app.put('/v1/providers/:id/config', async (c) => {
    const id = providerIdParam(c);
    const config = await readJson(c, configSchema);
    assertNoUnresolvedMask(config, (await store.providers.get(id)).config);
    const updated = await store.providers.replaceConfig(id, config, 'api');
    await ctx.applied();
    return c.json(show(updated).config);
  });

  app.patch('/v1/providers/:id/config/:key', async (c) => {
    const id = providerIdParam(c);
    const key = c.req.param('key');
    if (!isConfigKey(key)) throw new InvalidRequestError('key must be letters, digits, _ . - (up to 64, starting with a letter or _), and not __proto__, constructor or prototype', 'key', 'invalid_value');
    const { value } = await readJson(c, configValueSchema);
    const before = await store.providers.get(id);
    if (value === null && !(key in before.config)) throw new NotFoundError(`Provider "${id}" has no config key "${key}".`, 'config_key_not_found', 'key');
    assertNoUnresolvedMask({ [key]: value }, before.config);
    const updated = await store.providers.setConfigValue(id, key, value, 'api');
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
    const updated = await store.providers.update(id, { defaultModel: model }, 'api');
    await ctx.applied();
    return c.json({ providerId: updated.id, model: updated.defaultModel });
  });
}
