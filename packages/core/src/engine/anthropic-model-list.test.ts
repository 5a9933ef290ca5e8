import { describe, expect, it } from 'vitest';
import { toAnthropicModel, toAnthropicModelList } from './anthropic-model-list.js';

describe('toAnthropicModelList', () => {
  it('answers in the shape of Anthropic\'s Models API, one page', () => {
    const list = toAnthropicModelList({
      object: 'list',
      data: [
        { id: 'claude-x', object: 'model', created: 1739923200, owned_by: 'a' },
        { id: 'b/qwen', object: 'model', created: 1, owned_by: 'b', display_name: 'Qwen' } as never,
      ],
    });
    expect(list).toEqual({
      data: [
        { type: 'model', id: 'claude-x', display_name: 'claude-x', created_at: '2025-02-19T00:00:00Z' },
        { type: 'model', id: 'b/qwen', display_name: 'Qwen', created_at: '1970-01-01T00:00:01Z' },
      ],
      has_more: false,
      first_id: 'claude-x',
      last_id: 'b/qwen',
    });
  });

  it('gives an empty list null ids', () => {
    expect(toAnthropicModelList({ object: 'list', data: [] })).toEqual({ data: [], has_more: false, first_id: null, last_id: null });
  });

  it('keeps a bad created time from throwing', () => {
    expect(toAnthropicModel({ id: 'm', object: 'model', created: Number.NaN, owned_by: 'a' }).created_at).toBe('1970-01-01T00:00:00Z');
  });
});

describe('toAnthropicModelList: pages', () => {
  const list = { object: 'list' as const, data: ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, object: 'model' as const, created: 0, owned_by: 'p' })) };
  const ids = (page: Parameters<typeof toAnthropicModelList>[1]) => {
    const { data, has_more, first_id, last_id } = toAnthropicModelList(list, page);
    return { ids: data.map((model) => model.id).join(''), has_more, first_id, last_id };
  };

  it('pages forwards with limit and after_id, as Anthropic does', () => {
    expect(ids({ limit: 2 })).toEqual({ ids: 'ab', has_more: true, first_id: 'a', last_id: 'b' });
    expect(ids({ limit: 2, afterId: 'b' })).toEqual({ ids: 'cd', has_more: true, first_id: 'c', last_id: 'd' });
    expect(ids({ limit: 2, afterId: 'd' })).toEqual({ ids: 'e', has_more: false, first_id: 'e', last_id: 'e' });
    expect(ids({ limit: 2, afterId: 'e' })).toEqual({ ids: '', has_more: false, first_id: null, last_id: null });
    expect(ids({ limit: 5 })).toMatchObject({ ids: 'abcde', has_more: false });
  });

  it('pages backwards with before_id: the models nearest it', () => {
    expect(ids({ limit: 2, beforeId: 'e' })).toEqual({ ids: 'cd', has_more: true, first_id: 'c', last_id: 'd' });
    expect(ids({ limit: 2, beforeId: 'c' })).toEqual({ ids: 'ab', has_more: false, first_id: 'a', last_id: 'b' });
    expect(ids({ beforeId: 'c' })).toMatchObject({ ids: 'ab', has_more: false });
    expect(ids({ afterId: 'a', beforeId: 'e' })).toMatchObject({ ids: 'bcd', has_more: false });
  });

  it('refuses an id the list does not hold, naming the parameter', () => {
    expect(() => toAnthropicModelList(list, { afterId: 'zz' })).toThrow(expect.objectContaining({ status: 400, param: 'after_id', message: expect.stringContaining('"zz"') }));
    expect(() => toAnthropicModelList(list, { beforeId: 'zz' })).toThrow(expect.objectContaining({ status: 400, param: 'before_id' }));
  });
});
