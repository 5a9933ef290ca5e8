/**
 * Models. Reads are proxy routes (`GET /v1/models`, `GET /v1/models/:id`, served from memory,
 * never fetched upstream here), OpenAI-shaped, or Anthropic-shaped for Anthropic clients; writes (`POST`, `PUT`,
 * `DELETE`) manage the catalogue and are admin routes.
 */
import { z } from 'zod';
import { InvalidRequestError, keyAllowsModel, NotFoundError, usableContext, type ModelEntry, type ModelListEntry, type ServerDiscovery } from '@router/core';
import type { ModelRecord } from '@router/store';
import type { ManagementContext, ServerApp } from './management-context.js';
import { modelListResponse, modelResponse } from '../model-list-response.js';
import { modelIdParam, modelIdSchema, parseWith, providerIdParam, providerIdSchema, readJson, readQuery } from './validation.js';

const capabilityName = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'capabilities are names such as tools, vision, streaming');
const linkSchema = z.strictObject({
  providerId: providerIdSchema,
  upstreamModel: modelIdSchema.nullable().optional(),
  priority: z.number().int().min(0).max(1_000_000).optional(),
});
const modelName = z.string().trim().max(200).nullable().optional();
const fields = {
  name: modelName,
  /** The older spelling of `name`. */
  displayName: modelName,
  description: z.string().max(4000).nullable().optional(),
  capabilities: z.array(capabilityName).max(64).optional(),
  contextLength: z.number().int().positive().max(100_000_000).nullable().optional(),
  providers: z.array(linkSchema).max(64).optional(),
};
/** The body of `POST /v1/providers/:id/models`. */
export const providerModelLinkSchema = z.strictObject({ modelId: modelIdSchema, upstreamModel: modelIdSchema.nullable().optional(), priority: z.number().int().min(0).max(1_000_000).optional() });
export const modelCreateSchema = z.strictObject({ id: modelIdSchema, ...fields });
export const modelUpdateSchema = z.strictObject({ id: z.string().optional(), ...fields, createdAt: z.unknown().optional(), updatedAt: z.unknown().optional() });
/** The query of `GET /v1/catalogue`. */
export const catalogueQuery = z.object({ capability: capabilityName.optional(), provider: providerIdSchema.optional() });
/** The query of `GET /v1/models`. */
export const modelListQuery = z.object({
  capability: capabilityName.optional(),
  pinned: z.enum(['true', 'false'], { error: 'pinned must be true or false' }).optional(),
});

/** Catalogue fields added to an OpenAI model entry (snake_case, as OpenAI-compatible lists do). */
function catalogueFields(model: Pick<ModelEntry, 'displayName' | 'capabilities' | 'contextLength'> & { description?: string | null }) {
  return {
    ...(model.displayName ? { name: model.displayName, display_name: model.displayName } : {}),
    ...(model.description ? { description: model.description } : {}),
    ...(model.capabilities?.length ? { capabilities: [...model.capabilities] } : {}),
    ...(model.contextLength ? { context_length: model.contextLength } : {}),
  };
}

/** A listed model with its catalogue fields; a local server's discovered context wins over the catalogue's. */
function withCatalogue(entry: ModelListEntry, model: Parameters<typeof catalogueFields>[0]): ModelListEntry {
  const merged: ModelListEntry = { ...entry, ...catalogueFields(model) };
  if (entry.context_length !== undefined) merged.context_length = entry.context_length;
  return merged;
}

/** A local server's discovered models, as the management API shows them. */
function discoveredView(found: ServerDiscovery | undefined) {
  if (!found) return null;
  return {
    reachable: found.reachable,
    refreshedAt: new Date(found.refreshedAt).toISOString(),
    learnedAt: found.learnedAt === undefined ? null : new Date(found.learnedAt).toISOString(),
    error: found.error ?? null,
    models: [...found.models.values()].map((model) => ({
      id: model.id, state: model.state, type: model.type ?? null, contextLength: usableContext(model) ?? null,
      maxContextLength: model.maxContextLength ?? null, loadedContextLength: model.loadedContextLength ?? null,
    })),
  };
}

/** Registers the model routes (list and retrieve before the app's plain `GET /v1/models`). */
export function registerModelRoutes(app: ServerApp, ctx: ManagementContext): void {
  const { store, router } = ctx;

  async function findModel(id: string): Promise<ModelRecord | null> {
    return (await store.models.list()).find((model) => model.id === id) ?? null;
  }

  /** Whether the list shows the `<provider-id>/<model>` forms: `?pinned=`, else the `models_list_pinned` setting (undefined). */
  const pinnedList = (query: string | undefined) => (query === undefined ? undefined : query === 'true');

  /** The catalogue entry behind a listed id (a pinned form's catalogue entry is the model it pins). */
  const catalogueEntry = (id: string, owner: string) => {
    const models = ctx.configSource.current().models;
    return models.get(id) ?? (id.startsWith(`${owner}/`) ? models.get(id.slice(owner.length + 1)) : undefined);
  };

  app.get('/v1/models', (c) => {
    const query = parseWith(modelListQuery, { capability: c.req.query('capability'), pinned: c.req.query('pinned') });
    const { capability } = query;
    // a client key limited to some models sees only those
    const key = c.get('clientKey');
    const data: ModelListEntry[] = [];
    for (const entry of router.listModels({ pinned: pinnedList(query.pinned) }).data) {
      if (key && !keyAllowsModel(key, entry.id)) continue;
      const model = catalogueEntry(entry.id, entry.owned_by);
      if (capability && !model?.capabilities?.includes(capability)) continue;
      data.push(model ? withCatalogue(entry, model) : entry);
    }
    return modelListResponse(c, { object: 'list', data });
  });

  app.get('/v1/models/:id{.+}', async (c) => {
    const id = modelIdParam(c);
    const key = c.get('clientKey');
    const hidden = key !== undefined && !keyAllowsModel(key, id);
    const listed = hidden ? undefined : router.listModels({ pinned: true }).data.find((entry) => entry.id === id);
    const record = hidden ? null : await findModel(id);
    if (!listed && !record) throw new NotFoundError(`The model "${id}" does not exist or no enabled provider serves it.`, 'model_not_found', 'id');
    const entry = listed ?? { id, object: 'model' as const, created: Math.floor(record!.createdAt / 1000), owned_by: record!.providers[0]?.providerId ?? 'router' };
    return modelResponse(c, record ? withCatalogue(entry, record) : entry);
  });

  // the definitions themselves, links included (the CLI's `model list`, the dashboard's catalogue)
  app.get('/v1/catalogue', async (c) => {
    const query = readQuery(c, catalogueQuery);
    return c.json({ object: 'list', data: await store.models.list({ capability: query.capability, providerId: query.provider }) });
  });

  app.post('/v1/models', async (c) => {
    const body = await readJson(c, modelCreateSchema);
    const created = await ctx.config.addModel(body);
    await ctx.applied();
    return c.json(created, 201);
  });

  app.put('/v1/models/:id{.+}', async (c) => {
    const id = modelIdParam(c);
    const body = await readJson(c, modelUpdateSchema);
    if (body.id !== undefined && body.id !== id) throw new InvalidRequestError('id in the body does not match the path; ids cannot be changed.', 'id', 'invalid_value');
    const { name, displayName, description, capabilities, contextLength, providers } = body;
    // `providers` replaces the links: what is gone is unlinked, what is given upserted, with the definition in one transaction
    const updated = await ctx.config.updateModel(id, { name, displayName, description, capabilities, contextLength, providers });
    await ctx.applied();
    return c.json(updated);
  });

  app.delete('/v1/models/:id{.+}', async (c) => {
    const removed = await ctx.config.removeModel(modelIdParam(c));
    await ctx.applied();
    return c.json({ ...removed, deleted: true });
  });

  app.get('/v1/providers/:id/models', async (c) => {
    const provider = await store.providers.get(providerIdParam(c));
    const models = await store.models.list({ providerId: provider.id });
    const data = models.map((model) => {
      const link = model.providers.find((item) => item.providerId === provider.id)!;
      return { modelId: model.id, upstreamModel: link.upstreamModel, priority: link.priority, name: model.name, displayName: model.displayName, capabilities: model.capabilities };
    });
    return c.json({ object: 'list', providerId: provider.id, defaultModel: provider.defaultModel, reported: router.reportedModels(provider.id) ?? null, discovered: discoveredView(router.discoveredModels(provider.id)), data });
  });

  app.post('/v1/providers/:id/models', async (c) => {
    const providerId = providerIdParam(c);
    const body = await readJson(c, providerModelLinkSchema);
    await store.providers.get(providerId);
    const model = await ctx.config.linkModel(providerId, body.modelId, body);
    await ctx.applied();
    const link = model.providers.find((item) => item.providerId === providerId)!;
    return c.json({ providerId, modelId: model.id, upstreamModel: link.upstreamModel, priority: link.priority }, 201);
  });

  app.delete('/v1/providers/:id/models/:modelId{.+}', async (c) => {
    const providerId = providerIdParam(c);
    const modelId = modelIdParam(c, 'modelId');
    await store.providers.get(providerId);
    await ctx.config.unlinkModel(providerId, modelId);
    await ctx.applied();
    return c.json({ providerId, modelId, deleted: true });
  });
}
