import { describe, expect, it } from 'vitest';
import { describeTargets, draftsOf, mappingBody, moveTarget, moveTargetTo, newTarget, removeTarget, updateTarget } from './mapping-edit.ts';

describe('mapping edits', () => {
  const stored = [{ providerId: 'a', model: 'big', weight: 2, priority: 0 }, { providerId: 'b', model: null, weight: 1 }, { providerId: 'c' }];

  it('makes drafts of stored targets and saves them back as they were', () => {
    const drafts = draftsOf(stored);
    expect(drafts).toEqual([{ providerId: 'a', model: 'big', weight: '2', priority: '0' }, { providerId: 'b', model: '', weight: '', priority: '' }, { providerId: 'c', model: '', weight: '', priority: '' }]);
    expect(mappingBody(drafts)).toEqual({ ok: true, body: { targets: [{ providerId: 'a', model: 'big', weight: 2, priority: 0 }, { providerId: 'b' }, { providerId: 'c' }] } });
  });

  it('moves a target up and down, staying inside the list', () => {
    const list = ['a', 'b', 'c'];
    expect(moveTarget(list, 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveTarget(list, 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveTarget(list, 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveTarget(list, 2, 1)).toEqual(['a', 'b', 'c']);
    expect(list).toEqual(['a', 'b', 'c']);
  });

  it('moves a dragged target onto another one\'s place', () => {
    const list = ['a', 'b', 'c', 'd'];
    expect(moveTargetTo(list, 0, 2)).toEqual(['b', 'c', 'a', 'd']);
    expect(moveTargetTo(list, 3, 0)).toEqual(['d', 'a', 'b', 'c']);
    expect(moveTargetTo(list, 1, 1)).toEqual(list);
    expect(moveTargetTo(list, 1, 9)).toEqual(['a', 'c', 'd', 'b']);
    expect(moveTargetTo(list, 7, 0)).toEqual(list);
  });

  it('adds, changes and removes targets', () => {
    let drafts = draftsOf(stored);
    drafts = [...drafts, newTarget('d')];
    drafts = updateTarget(drafts, 3, { model: 'm', weight: '0.5' });
    drafts = removeTarget(drafts, 0);
    expect(mappingBody(drafts)).toEqual({ ok: true, body: { targets: [{ providerId: 'b' }, { providerId: 'c' }, { providerId: 'd', model: 'm', weight: 0.5 }] } });
  });

  it('names each bad field as the API does', () => {
    expect(mappingBody([])).toEqual({ ok: false, errors: { targets: 'needs at least one target' } });
    expect(mappingBody([newTarget(), { providerId: 'a', model: '', weight: '0', priority: '1.5' }])).toEqual({
      ok: false,
      errors: { 'targets[0].providerId': 'pick a provider', 'targets[1].weight': 'must be a number above 0', 'targets[1].priority': 'must be a whole number, 0 or more' },
    });
  });

  it('summarises the targets in order', () => {
    expect(describeTargets(stored)).toBe('a/big (×2) → b → c');
  });
});
