/**
 * The live tail as React state: connects (and reconnects after a drop, backing off up to 10 s),
 * batches events into one render every 200 ms, and hands a 401 to the sign-in page.
 */
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { useAuth } from '../../auth/auth.tsx';
import { initialTailState, tailReducer, type TailAction, type TailEvent, type TailState } from './tail.ts';
import { readTail } from './tail-stream.ts';

/** How the connection stands, for the page to say. */
export type TailConnection = { state: 'connecting' } | { state: 'live' } | { state: 'reconnecting'; reason: string } | { state: 'refused'; reason: string };

const FLUSH_MS = 200;

export function useTail(limit = 200): { state: TailState; dispatch: (action: TailAction) => void; connection: TailConnection } {
  const { key, unauthorized } = useAuth();
  const [state, dispatch] = useReducer(tailReducer, limit, initialTailState);
  const [connection, setConnection] = useState<TailConnection>({ state: 'connecting' });
  const pending = useRef<TailEvent[]>([]);

  const flush = useCallback(() => {
    if (pending.current.length === 0) return;
    const events = pending.current;
    pending.current = [];
    dispatch({ type: 'events', events });
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    const timer = setInterval(flush, FLUSH_MS);
    let delay = 1_000;
    void (async () => {
      while (!controller.signal.aborted) {
        setConnection({ state: 'connecting' });
        const closed = await readTail({
          key,
          signal: controller.signal,
          onReady: () => {
            delay = 1_000;
            setConnection({ state: 'live' });
          },
          onEvent: (event) => pending.current.push(event),
        });
        if (controller.signal.aborted) return;
        if (closed.kind === 'refused') {
          if (closed.error.status === 401) unauthorized(closed.error.message);
          else setConnection({ state: 'refused', reason: closed.error.message });
          return;
        }
        const reason = closed.kind === 'ended' ? closed.message : closed.kind === 'failed' ? `Connection lost (${closed.message}).` : 'The connection closed.';
        setConnection({ state: 'reconnecting', reason });
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 10_000);
      }
    })();
    return () => {
      controller.abort();
      clearInterval(timer);
    };
  }, [key, unauthorized, flush]);

  return { state, dispatch, connection };
}
