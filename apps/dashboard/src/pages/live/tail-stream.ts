/**
 * Reads `GET /v1/requests/tail` (server-sent events) with `fetch`, so the admin key can go in the
 * `Authorization` header (`EventSource` cannot send headers), parsed by eventsource-parser.
 */
import { createParser } from 'eventsource-parser';
import { apiErrorOf, authHeaders, type ApiError } from '../../api/client.ts';
import type { TailEvent } from './tail.ts';

/** Why a tail stream ended without being cancelled. */
export type TailClosed = { kind: 'ended'; reason: string; message: string } | { kind: 'closed' } | { kind: 'refused'; error: ApiError } | { kind: 'failed'; message: string };

/** Reads the tail until it ends, the connection drops or `signal` aborts (then it resolves with `closed`). */
export async function readTail(options: { key: string | null; signal: AbortSignal; onReady: () => void; onEvent: (event: TailEvent) => void }): Promise<TailClosed> {
  let response: Response;
  try {
    response = await fetch('/v1/requests/tail', { headers: { accept: 'text/event-stream', ...authHeaders(options.key) }, signal: options.signal, cache: 'no-store' });
  } catch (error) {
    return options.signal.aborted ? { kind: 'closed' } : { kind: 'failed', message: (error as Error).message };
  }
  if (!response.ok || !response.body) {
    const body: unknown = await response.json().catch(() => null);
    return { kind: 'refused', error: apiErrorOf(body, response.status) };
  }
  let ended: TailClosed | null = null;
  const parser = createParser({
    onEvent(message) {
      if (message.event === 'request') {
        try {
          options.onEvent(JSON.parse(message.data) as TailEvent);
        } catch {
          // a frame that is not JSON is skipped
        }
      } else if (message.event === 'ready') options.onReady();
      else if (message.event === 'end') {
        const data = (() => {
          try {
            return JSON.parse(message.data) as { reason?: string; message?: string };
          } catch {
            return {};
          }
        })();
        ended = { kind: 'ended', reason: data.reason ?? 'unknown', message: data.message ?? 'The server ended the live tail.' };
      }
    },
  });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      parser.feed(value);
    }
  } catch (error) {
    if (!options.signal.aborted) return { kind: 'failed', message: (error as Error).message };
  } finally {
    reader.releaseLock();
  }
  return ended ?? { kind: 'closed' };
}
