import { describe, expect, it } from 'vitest';
import { addEvent, distinctValues, heldCount, initialTailState, matchesFilters, NO_FILTERS, statusText, tailReducer, type TailEvent } from './tail.ts';

function event(id: string, fields: Partial<TailEvent> = {}): TailEvent {
  return {
    phase: 'finished', id, startedAt: 1, endpoint: '/v1/chat/completions', provider: 'p', model: 'm', upstreamModel: 'm', stream: false,
    status: 200, outcome: 'success', durationMs: 10, ttfbMs: 5, attempts: 1, errorCode: null, ...fields,
  };
}

describe('matchesFilters', () => {
  it('matches provider, model and endpoint exactly; empty filters match everything', () => {
    const one = event('a', { provider: 'lm', model: 'qwen', endpoint: '/v1/messages' });
    expect(matchesFilters(one, NO_FILTERS)).toBe(true);
    expect(matchesFilters(one, { ...NO_FILTERS, provider: 'lm' })).toBe(true);
    expect(matchesFilters(one, { ...NO_FILTERS, provider: 'l' })).toBe(false);
    expect(matchesFilters(one, { ...NO_FILTERS, model: 'qwen', endpoint: '/v1/messages' })).toBe(true);
    expect(matchesFilters(one, { ...NO_FILTERS, endpoint: '/v1/chat/completions' })).toBe(false);
    expect(matchesFilters(event('b', { provider: null }), { ...NO_FILTERS, provider: 'lm' })).toBe(false);
  });

  it('matches a status by outcome, by HTTP status, or a stream still flowing', () => {
    const flowing = event('f', { phase: 'started', outcome: null, durationMs: null });
    const failed = event('e', { status: 502, outcome: 'error' });
    const broken = event('s', { outcome: 'stream_error' });
    const left = event('c', { status: 499, outcome: 'client_closed' });
    const pick = (status: string) => [flowing, failed, broken, left, event('ok')].filter((each) => matchesFilters(each, { ...NO_FILTERS, status })).map((each) => each.id);
    expect(pick('success')).toEqual(['ok']);
    expect(pick('error')).toEqual(['e', 's']);
    expect(pick('client_closed')).toEqual(['c']);
    expect(pick('flowing')).toEqual(['f']);
    expect(pick('502')).toEqual(['e']);
  });
});

describe('the tail list', () => {
  it('puts new requests on top, replaces a started stream with its finished event in place, and keeps the newest N', () => {
    let rows = addEvent([], event('a'), 3);
    rows = addEvent(rows, event('b', { phase: 'started', outcome: null }), 3);
    rows = addEvent(rows, event('c'), 3);
    rows = addEvent(rows, event('b', { phase: 'finished', outcome: 'success' }), 3);
    expect(rows.map((row) => `${row.id}:${row.phase}`)).toEqual(['c:finished', 'b:finished', 'a:finished']);
    rows = addEvent(rows, event('d'), 3);
    expect(rows.map((row) => row.id)).toEqual(['d', 'c', 'b']);
    // a late `started` does not undo a `finished`
    expect(addEvent(rows, event('c', { phase: 'started', outcome: null }), 3)[1].phase).toBe('finished');
  });

  it('holds events while paused, counts the requests held, and shows them on resume', () => {
    let state = tailReducer(initialTailState(10), { type: 'event', event: event('a') });
    state = tailReducer(state, { type: 'pause' });
    state = tailReducer(state, { type: 'event', event: event('b', { phase: 'started', outcome: null }) });
    state = tailReducer(state, { type: 'event', event: event('b') });
    state = tailReducer(state, { type: 'event', event: event('c') });
    expect(state.rows.map((row) => row.id)).toEqual(['a']);
    expect(heldCount(state)).toBe(2);
    state = tailReducer(state, { type: 'resume' });
    expect(state.rows.map((row) => `${row.id}:${row.phase}`)).toEqual(['c:finished', 'b:finished', 'a:finished']);
    expect(state.held).toEqual([]);
    expect(state.paused).toBe(false);
  });

  it('takes a batch of events as it takes them one by one', () => {
    const events = [event('a'), event('b', { phase: 'started', outcome: null }), event('b')];
    const batched = tailReducer(initialTailState(10), { type: 'events', events });
    const single = events.reduce((state, each) => tailReducer(state, { type: 'event', event: each }), initialTailState(10));
    expect(batched).toEqual(single);
  });

  it('bounds what it holds while paused and says how much it dropped', () => {
    let state = tailReducer(initialTailState(2), { type: 'pause' });
    for (const id of ['a', 'b', 'c', 'd']) state = tailReducer(state, { type: 'event', event: event(id) });
    expect(state.held.map((each) => each.id)).toEqual(['c', 'd']);
    expect(state.droppedWhilePaused).toBe(2);
    state = tailReducer(state, { type: 'clear' });
    expect(state).toMatchObject({ rows: [], held: [], droppedWhilePaused: 0, paused: true });
  });
});

describe('filter choices and labels', () => {
  it('list the values seen, and keep the one selected', () => {
    const rows = [event('a', { provider: 'z' }), event('b', { provider: 'a' }), event('c', { provider: null }), event('d', { provider: 'z' })];
    expect(distinctValues(rows, 'provider')).toEqual(['a', 'z']);
    expect(distinctValues([], 'model', 'kept')).toEqual(['kept']);
  });

  it('say how a request stands', () => {
    expect(statusText({ outcome: null, status: 200 })).toBe('200 streaming');
    expect(statusText({ outcome: 'success', status: 200 })).toBe('200');
    expect(statusText({ outcome: 'client_closed', status: 499 })).toBe('499 client closed');
  });
});
