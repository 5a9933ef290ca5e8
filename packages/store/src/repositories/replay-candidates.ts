/**
 * The logged requests a replay sends again: those a provider answered or a route (the requested
 * model) received since a time, oldest first, never a shadow or replay row itself. Only requests
 * whose whole body the log kept can be replayed (`log_bodies` may keep none, or cut them): the
 * others are counted, not returned.
 */
import { and, desc, eq, gte, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../open-store.js';
import { tablesOf } from '../dialect.js';

/** The endpoints a replay can send (count_tokens is answered by the router itself). */
export const REPLAYABLE_ENDPOINTS = ['/v1/chat/completions', '/v1/messages', '/v1/responses', '/v1/embeddings', '/v1/completions'] as const;

/** Which logged requests to replay. */
export interface ReplayFilter {
  /** Requests a provider served (its id) … */
  providerId?: string;
  /** … or a route received (the requested model name). */
  model?: string;
  /** Epoch ms. */
  since: number;
  /** At most this many (the newest of them), sent oldest first. */
  limit?: number;
}

/** A logged request to send again. */
export interface ReplayCandidate {
  id: string;
  createdAt: number;
  endpoint: string;
  providerId: string | null;
  model: string | null;
  stream: boolean;
  body: string;
}

/** True when the logged body is a whole JSON object (a cut one is not). */
function whole(body: string): boolean {
  try {
    const value = JSON.parse(body);
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** The requests to replay, and how many matched but have no whole body in the log. */
export async function replayCandidates(db: Database, filter: ReplayFilter): Promise<{ rows: ReplayCandidate[]; skipped: number }> {
  const { requestLogs } = tablesOf(db);
  const where: SQL[] = [gte(requestLogs.createdAt, filter.since), isNull(requestLogs.pairRole), inArray(requestLogs.endpoint, [...REPLAYABLE_ENDPOINTS])];
  const who = [filter.providerId ? eq(requestLogs.providerId, filter.providerId) : undefined, filter.model ? eq(requestLogs.model, filter.model) : undefined].filter((part): part is SQL => part !== undefined);
  if (who.length) where.push(who.length === 1 ? who[0] : or(...who)!);
  const withBody = and(...where, sql`${requestLogs.requestBody} is not null`);
  const found = await db
    .select({ id: requestLogs.id, createdAt: requestLogs.createdAt, endpoint: requestLogs.endpoint, providerId: requestLogs.providerId, model: requestLogs.model, stream: requestLogs.stream, body: requestLogs.requestBody })
    .from(requestLogs)
    .where(withBody)
    .orderBy(desc(requestLogs.createdAt), desc(requestLogs.id))
    .limit(filter.limit ?? 1_000_000);
  const [{ count }] = await db.select({ count: sql<number>`count(*)` }).from(requestLogs).where(and(...where, sql`${requestLogs.requestBody} is null`));
  const rows: ReplayCandidate[] = [];
  let cut = 0;
  for (const row of found) {
    if (row.body !== null && whole(row.body)) rows.push({ ...row, body: row.body, stream: Boolean(row.stream) });
    else cut++;
  }
  rows.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  return { rows, skipped: Number(count) + cut };
}

