import { describe, expect, it, vi } from 'vitest';
import { Cancellation, cancellationOf } from './cancellation.js';

describe('Cancellation', () => {
  it('aborts once, with the given reason or an AbortError, and calls each listener once', () => {
    const cancellation = new Cancellation();
    const first = vi.fn();
    const removed = vi.fn();
    cancellation.onAbort(first);
    cancellation.onAbort(removed)();
    cancellation.abort(new Error('gone'));
    cancellation.abort(new Error('again'));
    expect(cancellation.aborted).toBe(true);
    expect((cancellation.reason as Error).message).toBe('gone');
    expect(first).toHaveBeenCalledTimes(1);
    expect(removed).not.toHaveBeenCalled();
    const plain = new Cancellation();
    plain.abort();
    expect((plain.reason as Error).name).toBe('AbortError');
  });

  it('makes a real AbortSignal on demand that follows it, before or after the abort', () => {
    const early = new Cancellation();
    const signal = early.signal;
    expect(signal).toBeInstanceOf(AbortSignal);
    expect(signal.aborted).toBe(false);
    early.abort('why');
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe('why');
    const late = new Cancellation();
    late.abort('late');
    expect(late.signal.aborted).toBe(true);
    expect(late.signal.reason).toBe('late');
  });

  it('follows a signal until unlinked', () => {
    const controller = new AbortController();
    const { cancellation, unlink } = Cancellation.following(controller.signal);
    controller.abort('bye');
    expect(cancellation.aborted).toBe(true);
    expect(cancellation.reason).toBe('bye');
    const other = new AbortController();
    const followed = Cancellation.following(other.signal);
    followed.unlink();
    other.abort();
    expect(followed.cancellation.aborted).toBe(false);
    unlink();
  });

  it('gives transports one interface over a request’s cancellation or its signal', () => {
    const cancellation = new Cancellation();
    expect(cancellationOf({ cancellation })).toBe(cancellation);
    const controller = new AbortController();
    const seen = cancellationOf({ signal: controller.signal })!;
    const listener = vi.fn();
    seen.onAbort(listener);
    controller.abort('r');
    expect([seen.aborted, seen.reason, listener.mock.calls.length]).toEqual([true, 'r', 1]);
    expect(cancellationOf({})).toBeUndefined();
  });
});
