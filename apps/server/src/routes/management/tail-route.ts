/**
 * `GET /v1/requests/tail`: the live request log as server-sent events. Each request that finishes
 * (and each stream as it starts) is an `event: request` whose data is a `RequestSummary`; a
 * comment every `keepAliveMs` keeps proxies from closing a quiet stream. The stream opens with
 * `event: ready` (the viewer is subscribed: every request from then on is sent) and, when the
 * server ends it, closes with `event: end` saying why (`slow_viewer`, `server_shutting_down`).
 * Filters are validated before the stream starts (a bad one is a 400).
 */
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import { RouterError } from '@router/core';
import { logEndpointPath } from '@router/store';
import type { TailViewer } from '../../live/request-broadcast.js';
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import type { ManagementContext } from './management-context.js';
import { tailQuery } from './logs-routes.js';
import { readQuery } from './validation.js';

/** Default milliseconds between keep-alive comments on a quiet tail. */
export const DEFAULT_TAIL_KEEPALIVE_MS = 15_000;
/** How long a write to a viewer that was dropped may stay blocked (the client stopped reading) before its connection is closed. */
const STALLED_WRITE_GRACE_MS = 1_000;

/** Writes the viewer's events until it ends or the client leaves. */
async function pump(stream: SSEStreamingApi, viewer: TailViewer, keepAliveMs: number, state: { writing: number; left(): boolean }): Promise<void> {
  const send = async (write: Promise<unknown>) => {
    state.writing++;
    try {
      await write;
    } finally {
      state.writing--;
    }
  };
  const left = () => state.left();
  let tick: (() => void) | undefined;
  let ticked = false;
  const timer =
    keepAliveMs > 0
      ? setInterval(() => {
          ticked = true;
          tick?.();
        }, keepAliveMs)
      : undefined;
  timer?.unref?.();
  try {
    await send(stream.writeSSE({ event: 'ready', data: '{}' }));
    while (!left()) {
      await Promise.race([viewer.wait(), new Promise<void>((resolve) => (tick = resolve))]);
      tick = undefined;
      if (left()) break;
      // Everything queued since the last wake goes out in one write: under load a viewer costs a write per
      // wake, not per request, and each event is serialised once for all the viewers that get it.
      const items = viewer.take();
      if (items.length > 0) {
        let text = '';
        for (const item of items) text += item.frame ??= `event: request\nid: ${item.summary.id}\ndata: ${(item.json ??= JSON.stringify(item.summary))}\n\n`;
        await send(stream.write(text));
      }
      const ended = viewer.ended;
      if (ended) {
        await send(stream.writeSSE({ event: 'end', data: JSON.stringify(ended) }));
        break;
      }
      if (ticked) {
        ticked = false;
        await send(stream.write(': keep-alive\n\n'));
      }
    }
  } finally {
    if (timer) clearInterval(timer);
    viewer.close();
  }
}

/** The handler of `GET /v1/requests/tail` (called by the `GET /v1/requests/:id` route for the reserved id). */
export function tailHandler(ctx: ManagementContext): (c: Context<AppEnv>) => Response {
  return (c) => {
    const query = readQuery(c, tailQuery);
    const tail = ctx.tail;
    if (!tail) throw new RouterError('The live request tail is not available on this server.', { status: 501, type: 'invalid_request_error', code: 'tail_unavailable' });
    const keepAliveMs = tail.keepAliveMs ?? DEFAULT_TAIL_KEEPALIVE_MS;
    const outgoing = c.env?.outgoing;
    let gone = false;
    let stream: SSEStreamingApi | undefined;
    const state = { writing: 0, left: () => gone || stream?.aborted === true };
    const viewer = tail.broadcast.subscribe(
      { provider: query.provider, model: query.model, endpoint: query.endpoint === undefined ? undefined : logEndpointPath(query.endpoint), status: query.status },
      () => {
        // Dropped while a write is blocked: the client stopped reading, so the final event cannot reach it either.
        if (state.writing === 0) return;
        const timer = setTimeout(() => {
          if (state.writing === 0) return;
          gone = true;
          stream?.abort();
          outgoing?.destroy();
        }, STALLED_WRITE_GRACE_MS);
        timer.unref?.();
      },
    );
    c.header('x-accel-buffering', 'no');
    const response = streamSSE(c, async (sse) => {
      stream = sse;
      sse.onAbort(() => {
        gone = true;
        viewer.close();
      });
      await pump(sse, viewer, keepAliveMs, state);
    });
    // A tail is the connection's last response: once it ends (the server stopping, say), the socket closes
    // rather than lingering idle for a server that is waiting for its connections to go.
    response.headers.set('connection', 'close');
    return response;
  };
}
