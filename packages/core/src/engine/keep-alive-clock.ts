/**
 * One shared clock for SSE keep-alive comments: a single interval for all
 * streams (none per stream or per chunk), running only while streams are open.
 * Each tick asks every open stream to send `: keep-alive` if it has been silent.
 */

/** Something the clock ticks. */
export interface KeepAliveTarget {
  /** Called every half interval; the target counts ticks since its last chunk. */
  tick(): void;
}

/** The clock. */
export interface KeepAliveClock {
  /** Keep-alive interval in ms. */
  readonly intervalMs: number;
  /** Starts ticking a stream. */
  add(target: KeepAliveTarget): void;
  /** Stops ticking a stream. */
  delete(target: KeepAliveTarget): void;
}

/** The bytes of one keep-alive comment (ignored by SSE parsers). */
export const KEEP_ALIVE_COMMENT: Uint8Array = new TextEncoder().encode(': keep-alive\n\n');

/** Creates a clock that ticks every `intervalMs / 2`, so a stream silent for `intervalMs` to 1.5 × `intervalMs` gets a comment. */
export function createKeepAliveClock(intervalMs: number): KeepAliveClock {
  const targets = new Set<KeepAliveTarget>();
  let timer: ReturnType<typeof setInterval> | undefined;
  const tick = () => {
    for (const target of targets) target.tick();
  };
  return {
    intervalMs,
    add(target) {
      targets.add(target);
      if (!timer) {
        timer = setInterval(tick, Math.max(1, Math.floor(intervalMs / 2)));
        // Never keep a process alive just for keep-alives.
        (timer as { unref?: () => void }).unref?.();
      }
    },
    delete(target) {
      targets.delete(target);
      if (targets.size === 0 && timer) {
        clearInterval(timer);
        timer = undefined;
      }
    },
  };
}
