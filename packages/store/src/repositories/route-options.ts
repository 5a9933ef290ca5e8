/**
 * Per-route options (`route_options`) and shadow targets (`shadow_targets`): a route is a requested
 * model name, as in the model mappings. One record per route joins both tables; a route with no
 * stickiness and no shadow traffic has no row.
 */
import { asc, eq } from 'drizzle-orm';
import { parseStickiness, type Stickiness } from '@router/core';
import type { Database } from '../open-store.js';
import { tablesOf } from '../dialect.js';
import { historyInsert, type ChangeSource } from './history.js';
import type { Statement } from './statements.js';

/** A route's options as stored. */
export interface RouteOptionsRecord {
  /** The requested model name. */
  model: string;
  /** What keeps a conversation on one arm (null: none). */
  stickiness: Stickiness | null;
  /** Share of requests mirrored to the shadow targets, 0–100. */
  shadowPercent: number;
  /** Shadow calls per minute at most (null: the server's default). */
  shadowPerMinute: number | null;
  /** Milliseconds before a shadow call is cancelled (null: the server's default). */
  shadowTimeoutMs: number | null;
  /** Where shadow calls go, in order (`model` null: the primary's upstream model). */
  shadowTargets: { providerId: string; model: string | null }[];
}

/** The options of a route that has none. */
export function emptyRouteOptions(model: string): RouteOptionsRecord {
  return { model, stickiness: null, shadowPercent: 0, shadowPerMinute: null, shadowTimeoutMs: null, shadowTargets: [] };
}

/** True when a record says nothing (it is then removed rather than stored). */
export function isEmptyRouteOptions(record: RouteOptionsRecord): boolean {
  return record.stickiness === null && record.shadowPercent === 0 && record.shadowPerMinute === null && record.shadowTimeoutMs === null && record.shadowTargets.length === 0;
}

/** Creates the route options repository. */
export function createRouteOptionsRepository(db: Database) {
  const { routeOptions, shadowTargets } = tablesOf(db);
  async function list(): Promise<RouteOptionsRecord[]> {
    const [options, targets] = await Promise.all([
      db.select().from(routeOptions).orderBy(asc(routeOptions.model)),
      db.select().from(shadowTargets).orderBy(asc(shadowTargets.model), asc(shadowTargets.position)),
    ]);
    const byModel = new Map<string, RouteOptionsRecord>();
    for (const row of options) {
      let stickiness: Stickiness | null = null;
      try {
        stickiness = parseStickiness(row.stickiness);
      } catch {
        // written behind the service's back: ignored rather than failing every snapshot load
        stickiness = null;
      }
      byModel.set(row.model, {
        model: row.model, stickiness, shadowPercent: Math.min(100, Math.max(0, row.shadowPercent)), shadowPerMinute: row.shadowPerMinute, shadowTimeoutMs: row.shadowTimeoutMs, shadowTargets: [],
      });
    }
    for (const row of targets) {
      let record = byModel.get(row.model);
      if (!record) byModel.set(row.model, (record = emptyRouteOptions(row.model)));
      record.shadowTargets.push({ providerId: row.providerId, model: row.targetModel });
    }
    return [...byModel.values()].sort((a, b) => (a.model < b.model ? -1 : a.model > b.model ? 1 : 0));
  }

  async function get(model: string): Promise<RouteOptionsRecord> {
    return (await list()).find((record) => record.model === model) ?? emptyRouteOptions(model);
  }

  /** The statements that store `next` (replacing the route's options and shadow targets) with a history row; none when nothing changes. */
  function planSet(before: RouteOptionsRecord, next: RouteOptionsRecord, source: ChangeSource): Statement[] {
    if (JSON.stringify(before) === JSON.stringify(next)) return [];
    const { model } = next;
    const statements: Statement[] = [db.delete(shadowTargets).where(eq(shadowTargets.model, model))];
    if (isEmptyRouteOptions(next)) statements.push(db.delete(routeOptions).where(eq(routeOptions.model, model)));
    else {
      const values = { stickiness: next.stickiness, shadowPercent: next.shadowPercent, shadowPerMinute: next.shadowPerMinute, shadowTimeoutMs: next.shadowTimeoutMs, updatedAt: Date.now() };
      statements.push(db.insert(routeOptions).values({ model, ...values }).onConflictDoUpdate({ target: routeOptions.model, set: values }));
    }
    if (next.shadowTargets.length > 0) {
      statements.push(db.insert(shadowTargets).values(next.shadowTargets.map((target, position) => ({ model, position, providerId: target.providerId, targetModel: target.model }))));
    }
    const { model: _before, ...oldValue } = before;
    const { model: _next, ...newValue } = next;
    statements.push(
      historyInsert(db, {
        source, action: isEmptyRouteOptions(next) ? 'delete' : 'set', entity: 'route_options', entityId: model,
        oldValue: isEmptyRouteOptions(before) ? null : oldValue, newValue: isEmptyRouteOptions(next) ? null : newValue,
      }),
    );
    return statements;
  }

  return { list, get, planSet };
}

/** The route options repository. */
export type RouteOptionsRepository = ReturnType<typeof createRouteOptionsRepository>;
