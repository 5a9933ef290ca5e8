/**
 * Replay through a running router (`provider-cli replay --server`): `GET /v1/replay/candidates`
 * lists the logged requests a replay would send (checking the target first), and
 * `POST /v1/requests/:id/replay` sends one of them again to the target through this router's
 * engine, its log row paired with the logged one (`pair_role` `replay`). Reading the log here is
 * the management API's own read, never on the proxy path.
 */
import { z } from 'zod';
import { InvalidRequestError, NotFoundError, replayRequest } from '@router/core';
import { replayCandidates } from '@router/store';
import type { ManagementContext, ServerApp } from './management-context.js';
import { modelIdSchema, providerIdSchema, readJson, readQuery } from './validation.js';
import { timeBound } from './time-range.js';

/** Where a replay goes. */
export const replayTargetSchema = z.strictObject({
  providerId: providerIdSchema.meta({ description: 'The provider to send the logged requests to (pinned: no other is tried).' }),
  model: modelIdSchema.nullable().optional().meta({ description: 'The model to ask it for; absent: each logged request\'s own.' }),
});

/** The query of `GET /v1/replay/candidates`. */
export const replayCandidatesQuery = z.strictObject({
  from: z.string().min(1).max(128).meta({ description: 'A provider id (the requests it answered) or a route, the requested model name (the requests it received).' }),
  since: timeBound.optional().meta({ description: 'Epoch ms, an ISO date, or a span back from now (default 24h).' }),
  limit: z.coerce.number().int().min(1).max(100_000).optional().meta({ description: 'At most this many, the newest.' }),
  to: providerIdSchema.meta({ description: 'The target provider: checked before anything is listed.' }),
  model: modelIdSchema.optional().meta({ description: 'The target model.' }),
});

/** Checks a replay target: the provider exists and is enabled. */
function checkTarget(ctx: ManagementContext, providerId: string, param: string): void {
  const provider = ctx.configSource.current().providers.get(providerId);
  if (!provider) throw new NotFoundError(`Provider "${providerId}" does not exist. See \`provider-cli provider list\`.`, 'provider_not_found', param);
  if (!provider.enabled) throw new InvalidRequestError(`Provider "${providerId}" is disabled; enable it to replay requests to it.`, param, 'provider_disabled');
}

/** Registers the replay routes. */
export function registerReplayRoutes(app: ServerApp, ctx: ManagementContext): void {
  app.get('/v1/replay/candidates', async (c) => {
    const query = readQuery(c, replayCandidatesQuery);
    checkTarget(ctx, query.to, 'to');
    const fromProvider = ctx.configSource.current().providers.has(query.from);
    const since = query.since ?? Date.now() - 86_400_000;
    const { rows, skipped } = await replayCandidates(ctx.store.db, { ...(fromProvider ? { providerId: query.from } : { model: query.from }), since, limit: query.limit });
    return c.json({ object: 'list', from: { kind: fromProvider ? 'provider' : 'route', id: query.from }, since, skipped, data: rows.map(({ body: _body, ...row }) => row) });
  });

  app.post('/v1/requests/:id/replay', async (c) => {
    const id = c.req.param('id');
    const target = await readJson(c, replayTargetSchema);
    checkTarget(ctx, target.providerId, 'providerId');
    const row = await ctx.store.logs.get(id);
    if (!row || row.id !== id) throw new NotFoundError(`No logged request "${id}".`, 'request_not_found', 'id');
    if (row.requestBody === null) throw new InvalidRequestError(`Request ${id} has no body in the log to replay.`, 'id', 'body_not_logged');
    const result = await replayRequest(ctx.router, { id: row.id, endpoint: row.endpoint, body: row.requestBody }, target, { signal: c.req.raw.signal, now: ctx.clock });
    return c.json(result);
  });
}
