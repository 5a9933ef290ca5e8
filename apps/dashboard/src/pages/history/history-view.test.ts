import { describe, expect, it } from 'vitest';
import { changeLines, historyQuery, showValue } from './history-view.ts';

describe('changeLines', () => {
  it('lists each changed key of a provider, config key by key, leaving out the timestamps', () => {
    const before = { id: 'p', enabled: true, updatedAt: 1, config: { baseURL: 'http://a/v1', apiKey: '••••1234', timeout: 5000 } };
    const after = { id: 'p', enabled: false, updatedAt: 2, config: { baseURL: 'http://b/v1', apiKey: '••••5678' } };
    expect(changeLines(before, after)).toEqual([
      { path: 'enabled', before: 'true', after: 'false' },
      { path: 'config.baseURL', before: 'http://a/v1', after: 'http://b/v1' },
      { path: 'config.apiKey', before: '••••1234', after: '••••5678' },
      { path: 'config.timeout', before: '5000', after: '–' },
    ]);
  });

  it('shows a setting as one line, and a created or removed thing key by key', () => {
    expect(changeLines(null, 'alpha')).toEqual([{ path: '', before: '–', after: 'alpha' }]);
    expect(changeLines({ model: 'm', targets: [{ providerId: 'a' }] }, null)).toEqual([{ path: 'model', before: 'm', after: '–' }, { path: 'targets', before: '[{"providerId":"a"}]', after: '–' }]);
    expect(changeLines(null, { id: 'p', createdAt: 5, config: { baseURL: 'http://a/v1', apiKey: '••••6789' } })).toEqual([
      { path: 'id', before: '–', after: 'p' }, { path: 'config.baseURL', before: '–', after: 'http://a/v1' }, { path: 'config.apiKey', before: '–', after: '••••6789' },
    ]);
    expect(changeLines({ targets: [{ providerId: 'a' }] }, { targets: [{ providerId: 'b' }] })).toEqual([{ path: 'targets', before: '[{"providerId":"a"}]', after: '[{"providerId":"b"}]' }]);
    expect(changeLines('x', 'x')).toEqual([]);
    expect(showValue(undefined)).toBe('–');
  });
});

describe('historyQuery', () => {
  it('sends only the filters given, and the cursor of the page', () => {
    expect(historyQuery({ entity: '', entityId: ' ', source: '', since: '' }, 50, null)).toEqual({ limit: 50 });
    expect(historyQuery({ entity: 'provider', entityId: 'alpha', source: 'api', since: '24h' }, 25, 120)).toEqual({ limit: 25, entity: 'provider', entityId: 'alpha', source: 'api', since: '24h', before: 120 });
  });
});
