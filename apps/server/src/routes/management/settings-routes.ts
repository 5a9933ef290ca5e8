/**
 * Routing settings: the active provider (`/v1/settings/active-provider`), the
 * default provider (`/v1/settings/default-provider`) and model mappings
 * (`/v1/mappings`, one ordered target list per requested model name).
 */
import { z } from 'zod';
import { InvalidRequestError, NotFoundError, type RouteTarget } from '@router/core';
import { normalizeTunableSetting, TUNABLE_SETTINGS, type MappingRecord } from '@router/store';
import type { ManagementContext, ServerApp } from './management-context.js';
import { modelIdParam, modelIdSchema, providerIdSchema, readJson } from './validation.js';

export const providerSettingSchema = z.strictObject({ providerId: providerIdSchema.nullable() });
const targetSchema = z.strictObject({
  providerId: providerIdSchema,
  model: modelIdSchema.nullable().optional(),
  weight: z.number().positive().max(1_000_000).optional(),
  priority: z.number().int().min(0).max(1_000_000).optional(),
});
export const mappingSchema = z.strictObject({ model: z.string().optional(), targets: z.array(targetSchema).min(1, 'needs at least one target').max(32), source: z.unknown().optional() });

/** The body of `PUT /v1/settings/tuning/:key` (the value is checked against the key's own rule). */
export const tuningValueSchema = z.strictObject({ value: z.union([z.string(), z.number()]) });

type Which = 'active' | 'default';

/** Registers the settings and mapping routes. */
export function registerSettingsRoutes(app: ServerApp, ctx: ManagementContext): void {
  const { store } = ctx;

  async function readProviderSetting(which: Which) {
    const stored = which === 'active' ? await store.settings.getActiveProvider() : await store.settings.getDefaultProvider();
    const snapshot = ctx.configSource.current();
    const effective = which === 'active' ? snapshot.activeProviderId : snapshot.defaultProviderId;
    // the legacy DEFAULT_PROVIDER fills in when the database says nothing
    const source = stored !== null ? 'database' : effective !== null ? 'env' : null;
    return { providerId: stored, effective, source };
  }

  app.get('/v1/settings', async (c) => {
    const [active, fallback, values] = await Promise.all([readProviderSetting('active'), readProviderSetting('default'), store.settings.all()]);
    return c.json({ activeProvider: active, defaultProvider: fallback, values });
  });

  for (const which of ['active', 'default'] as const) {
    const path = `/v1/settings/${which}-provider`;
    const write = (id: string | null) => (which === 'active' ? ctx.config.setActiveProvider(id) : ctx.config.setDefaultProvider(id));
    app.get(path, async (c) => c.json(await readProviderSetting(which)));
    app.put(path, async (c) => {
      const { providerId } = await readJson(c, providerSettingSchema);
      await write(providerId);
      await ctx.applied();
      return c.json(await readProviderSetting(which));
    });
    app.delete(path, async (c) => {
      await write(null);
      await ctx.applied();
      return c.json(await readProviderSetting(which));
    });
  }

  // Tunable settings (retry, breaker, deadline, timeouts, fallbacks): under their own prefix so the paths stay unambiguous for Hono's fast router.
  app.get('/v1/settings/tuning', async (c) => {
    const values = await store.settings.all();
    return c.json({ object: 'list', data: Object.entries(TUNABLE_SETTINGS).map(([key, description]) => ({ key, value: values[key] ?? null, description })) });
  });
  app.get('/v1/settings/tuning/:key', async (c) => {
    const key = c.req.param('key');
    normalizeTunableSetting(key, '1');
    return c.json({ key, value: await store.settings.get(key), description: TUNABLE_SETTINGS[key] });
  });
  app.put('/v1/settings/tuning/:key', async (c) => {
    const key = c.req.param('key');
    const { value } = await readJson(c, tuningValueSchema);
    await ctx.config.setTuning(key, value);
    await ctx.applied();
    return c.json({ key, value: await store.settings.get(key), description: TUNABLE_SETTINGS[key] });
  });
  app.delete('/v1/settings/tuning/:key', async (c) => {
    const key = c.req.param('key');
    await ctx.config.unsetTuning(key);
    await ctx.applied();
    return c.json({ key, value: null, deleted: true });
  });

  /** Database mappings, then the legacy MODEL_MAPPINGS entries the database does not override. */
  async function allMappings(): Promise<(MappingRecord & { source: 'database' | 'env' })[]> {
    const stored = await store.mappings.list();
    const names = new Set(stored.map((mapping) => mapping.model));
    const legacy = [...ctx.configSource.current().routes]
      .filter(([model]) => !names.has(model))
      .map(([model, targets]) => ({ model, targets: targets.map((target) => ({ ...target })) as RouteTarget[], source: 'env' as const }));
    return [...stored.map((mapping) => ({ ...mapping, source: 'database' as const })), ...legacy];
  }

  app.get('/v1/mappings', async (c) => c.json({ object: 'list', data: await allMappings() }));

  app.get('/v1/mappings/:model{.+}', async (c) => {
    const model = modelIdParam(c, 'model');
    const found = (await allMappings()).find((mapping) => mapping.model === model);
    if (!found) throw new NotFoundError(`No mapping for model "${model}".`, 'mapping_not_found', 'model');
    return c.json(found);
  });

  app.put('/v1/mappings/:model{.+}', async (c) => {
    const model = modelIdParam(c, 'model');
    const body = await readJson(c, mappingSchema);
    if (body.model !== undefined && body.model !== model) throw new InvalidRequestError('model in the body does not match the path.', 'model', 'invalid_value');
    const saved = await ctx.config.setMapping(model, body.targets);
    await ctx.applied();
    return c.json({ ...saved, source: 'database' });
  });

  app.delete('/v1/mappings/:model{.+}', async (c) => {
    const removed = await ctx.config.removeMapping(modelIdParam(c, 'model'));
    await ctx.applied();
    return c.json({ ...removed, deleted: true });
  });
}
