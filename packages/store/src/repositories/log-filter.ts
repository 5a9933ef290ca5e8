/** Filters for reading the request log, as SQL conditions over either dialect's table. */
import { and, eq, gte, lte, or, type SQL } from 'drizzle-orm';
import type { Tables } from '../dialect.js';
import { requestLogs as sqliteRequestLogs } from '../schema/index.js';
import { parseLogEndpoint } from './log-endpoints.js';

/** Filters for reading the log. */
export interface LogFilter {
  /** A request id: the router's own (one row) or a client's `x-request-id` (every row that sent it). */
  requestId?: string;
  /** The client API: its path (`/v1/messages`) or short name (`messages`); anything else throws `InvalidRequestError` before reading. */
  endpoint?: string;
  providerId?: string;
  model?: string;
  /** An HTTP status, or `success` / `error` / `client_closed` / `stream_error`. */
  status?: string | number;
  /** Epoch ms, inclusive. */
  since?: number;
  /** Epoch ms, inclusive. */
  until?: number;
  /** Only the requests of this client key (its id). */
  keyId?: string;
}

/** The SQL condition of a log filter (undefined: every row), over the given dialect's table (default: SQLite's). */
export function whereOf(filter: LogFilter, requestLogs: Tables['requestLogs'] = sqliteRequestLogs): SQL | undefined {
  const where: SQL[] = [];
  if (filter.requestId) where.push(or(eq(requestLogs.id, filter.requestId), eq(requestLogs.clientRequestId, filter.requestId))!);
  if (filter.endpoint !== undefined) where.push(eq(requestLogs.endpoint, parseLogEndpoint(filter.endpoint)));
  if (filter.providerId) where.push(eq(requestLogs.providerId, filter.providerId));
  if (filter.model) where.push(eq(requestLogs.model, filter.model));
  if (filter.status !== undefined && filter.status !== '') {
    const status = String(filter.status);
    if (/^\d+$/.test(status)) where.push(eq(requestLogs.status, Number(status)));
    else if (status === 'ok' || status === 'success') where.push(eq(requestLogs.outcome, 'success'));
    else where.push(eq(requestLogs.outcome, status));
  }
  if (filter.since !== undefined) where.push(gte(requestLogs.createdAt, filter.since));
  if (filter.until !== undefined) where.push(lte(requestLogs.createdAt, filter.until));
  if (filter.keyId !== undefined) where.push(eq(requestLogs.keyId, filter.keyId));
  return where.length ? and(...where) : undefined;
}
