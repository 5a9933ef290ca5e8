/**
 * Client keys (`/v1/keys`): list, read, create, change, revoke, rotate and remove, through the
 * configuration service (the CLI's rules). A key's value appears in exactly two answers, the
 * create and the rotate, and nowhere else; the router keeps only its hash.
 */
import { z } from 'zod';
import { clientKeyViews, type ClientKeyView } from '@router/store';
import type { ManagementContext, ServerApp } from './management-context.js';
import { readJson } from './validation.js';

const names = z.array(z.string()).nullable().optional();
const limit = z.number().nullable().optional();

/** The body of `POST /v1/keys` (the configuration service checks the values). */
export const keyCreateSchema = z.strictObject({
  name: z.string().meta({ description: 'A name: 1-64 letters, digits and . _ - (unique).' }),
  models: names.meta({ description: 'Models the key may ask for (a trailing `*` matches a prefix); null or absent: any.' }),
  providers: names.meta({ description: 'Providers the key may be served by (targets on others are skipped); null or absent: any.' }),
  rpm: limit.meta({ description: 'Requests per minute; null or absent: no limit.' }),
  tpm: limit.meta({ description: 'Tokens (prompt and completion) per minute; null or absent: no limit.' }),
  budget: limit.meta({ description: 'Spend limit in US dollars per budget period (the key\'s lifetime without one).' }),
  budgetPeriodMs: limit.meta({ description: 'The budget period in ms (at least 60000); needs a budget.' }),
  expiresAt: limit.meta({ description: 'Epoch ms after which the key is refused; must be in the future.' }),
});

/** The body of `PATCH /v1/keys/:id`: the fields to change (null removes a limit). */
export const keyUpdateSchema = keyCreateSchema.partial();

/** Registers the client key routes; `usage` adds what the running router counted and has not written back yet. */
export function registerKeyRoutes(app: ServerApp, ctx: ManagementContext): void {
  const { store, config } = ctx;
  const withLive = (read: () => Promise<ClientKeyView[]>) => (ctx.keyUsage ? ctx.keyUsage(read) : read());
  const view = async (idOrName: string) => {
    const record = await store.clientKeys.get(idOrName);
    return (await withLive(() => clientKeyViews(store.clientKeys, [record])))[0];
  };

  app.get('/v1/keys', async (c) => c.json({ object: 'list', data: await withLive(() => clientKeyViews(store.clientKeys)) }));
  app.get('/v1/keys/:id', async (c) => c.json(await view(c.req.param('id'))));

  app.post('/v1/keys', async (c) => {
    const body = await readJson(c, keyCreateSchema);
    const { key, value } = await config.createClientKey(body);
    await ctx.applied();
    return c.json({ ...key, value }, 201);
  });

  app.patch('/v1/keys/:id', async (c) => {
    const body = await readJson(c, keyUpdateSchema);
    const key = await config.updateClientKey(c.req.param('id'), body);
    await ctx.applied();
    return c.json(key);
  });

  app.post('/v1/keys/:id/revoke', async (c) => {
    const { key, changed } = await config.revokeClientKey(c.req.param('id'));
    await ctx.applied();
    return c.json({ ...key, changed });
  });

  app.post('/v1/keys/:id/rotate', async (c) => {
    const { key, value } = await config.rotateClientKey(c.req.param('id'));
    await ctx.applied();
    return c.json({ ...key, value });
  });

  app.delete('/v1/keys/:id', async (c) => {
    const removed = await config.removeClientKey(c.req.param('id'));
    await ctx.applied();
    return c.json({ ...removed, deleted: true });
  });
}
