/**
 * Experiments on real traffic, read from the log: `GET /v1/stats/targets` (per-arm stats: each
 * route's live traffic by provider and upstream model) and `GET /v1/shadow-report` (live requests
 * side by side with their shadow and replay rows, with agreement figures and a summary).
 */
import { z } from 'zod';
import { InvalidRequestError } from '@router/core';
import { LOG_ENDPOINT_VALUES, logEndpointPath } from '@router/store';
import type { ManagementContext, ServerApp } from './management-context.js';
import { timeBound } from './time-range.js';
import { queryInt, readQuery } from './validation.js';

const DAY_MS = 86_400_000;

export const targetStatsQuery = z
  .object({
    endpoint: z.string().refine((value) => logEndpointPath(value) !== undefined, `must be ${LOG_ENDPOINT_VALUES}`).optional(),
    provider: z.string().max(128).optional(),
    model: z.string().max(256).optional().meta({ description: 'Only this route (requested model).' }),
    since: timeBound.optional(),
    until: timeBound.optional(),
  })
  .strict();

export const shadowReportQuery = z
  .object({
    model: z.string().max(256).optional().meta({ description: 'Only this route (the requested model of either row).' }),
    role: z.enum(['shadow', 'replay']).optional().meta({ description: 'Only shadow or only replay pairs (default both).' }),
    since: timeBound.optional(),
    until: timeBound.optional(),
    limit: queryInt(1, 1000).default(50).meta({ description: 'Most pairs listed, newest first; the summary covers the pairs listed.' }),
  })
  .strict();

/** Registers the experiments routes. */
export function registerExperimentsRoutes(app: ServerApp, ctx: ManagementContext): void {
  const { store } = ctx;

  app.get('/v1/stats/targets', async (c) => {
    const query = readQuery(c, targetStatsQuery);
    const until = query.until ?? Date.now();
    const since = query.since ?? until - DAY_MS;
    if (since > until) throw new InvalidRequestError('since must not be after until.', 'since', 'invalid_value');
    const data = await store.experiments.targetStats({ endpoint: query.endpoint, providerId: query.provider, model: query.model, since, until });
    return c.json({ object: 'stats.targets', period: { since, until }, data });
  });

  app.get('/v1/shadow-report', async (c) => {
    const query = readQuery(c, shadowReportQuery);
    const until = query.until ?? Date.now();
    const since = query.since ?? until - DAY_MS;
    if (since > until) throw new InvalidRequestError('since must not be after until.', 'since', 'invalid_value');
    const report = await store.experiments.pairs({ model: query.model, role: query.role, since, until, limit: query.limit });
    return c.json({ object: 'shadow.report', period: { since, until }, total: report.total, summary: report.summary, data: report.pairs });
  });
}
