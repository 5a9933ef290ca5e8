import { describe, expect, it } from 'vitest';
import { createAdapterRegistry, validateProviderConfig } from '../registry.js';
import { qwenProxyAdapter } from './adapter.js';

describe('qwen-proxy adapter', () => {
  it('defaults to http://localhost:3000/v1 with XML tool mode on and no key', () => {
    const config = qwenProxyAdapter.configSchema.parse({});
    expect(config).toMatchObject({ baseURL: 'http://localhost:3000/v1', toolMode: 'xml' });
    const request = qwenProxyAdapter.create({ id: 'q', config }).chatRequest({ body: { model: 'qwen3-coder-plus', messages: [] }, rawBody: '{}', model: 'qwen3-coder-plus', stream: true });
    expect(request.url).toBe('http://localhost:3000/v1/chat/completions');
    expect(request.headers.accept).toBe('text/event-stream');
  });

  it('can be switched to native tools and validates its fields', () => {
    expect(qwenProxyAdapter.configSchema.parse({ toolMode: 'native' }).toolMode).toBe('native');
    const registry = createAdapterRegistry();
    expect(validateProviderConfig(registry, 'qwen-proxy', { toolMode: 'sometimes' })).toMatchObject({ ok: false, issues: [{ field: 'toolMode', message: 'must be "native" or "xml"' }] });
    expect(validateProviderConfig(registry, 'qwen-proxy', { baseURL: 'file:///tmp/x' })).toMatchObject({ ok: false, issues: [{ field: 'baseURL' }] });
  });
});
