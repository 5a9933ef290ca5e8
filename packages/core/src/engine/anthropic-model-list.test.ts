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
