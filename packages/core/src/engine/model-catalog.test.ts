import { describe, expect, it } from 'vitest';
import { createRouter } from './create-router.js';
import { createStaticConfigSource, type StaticConfig } from './static-config.js';
import { createMemoryTransport } from '../test/index.js';
import type { Transport } from '../spec/transport.js';
import type { ModelList } from './model-catalog.js';

/** Upstream model lists by host; `null` answers 500. */
function setup(lists: Record<string, string[] | null>, config: Omit<StaticConfig, 'providers'> = {}, hold?: () => Promise<void> | undefined) {
  const source = createStaticConfigSource({
    providers: [
      { id: 'a', type: 'openai-compatible', config: { baseURL: 'http://127.0.0.1:1/v1' } },
      { id: 'b', type: 'openai-compatible', config: { baseURL: 'http://127.0.0.2:1/v1' } },
    ],
    activeProviderId: 'a',
    ...config,
  });
  const memory = createMemoryTransport((request) => {
    const list = lists[new URL(request.url).host];
    if (request.url.endsWith('/chat/completions')) return { chunks: ['{"id":"c","object":"chat.completion","choices":[]}'] };
    return list ? { chunks: [JSON.stringify({ object: 'list', data: list.map((id) => ({ id })) })] } : { status: 500, chunks: ['{"error":{"message":"down"}}'] };
  });
  const seen: string[] = [];
  const transport: Transport = async (request) => {
    if (request.url.endsWith('/chat/completions')) seen.push(request.url);
    const response = memory(request); // read the list now, answer when `hold` lets go
    await hold?.();
    return response;
  };
  const router = createRouter({ config: source, transport });
  return { router, source, seen };
}
const owners = (list: { data: { id: string; owned_by: string }[] }) => Object.fromEntries(list.data.map((entry) => [entry.id, entry.owned_by]));

describe('model catalogue', () => {
  it('lists what providers report under the provider a request for it goes to', async () => {
    const { router } = setup({ '127.0.0.1:1': ['x'], '127.0.0.2:1': ['y', 'x'] });
    expect(router.listModels().data).toEqual([]);
    await router.refreshModels();
    expect(owners(router.listModels())).toEqual({ x: 'a', y: 'b' });
    expect(owners(router.listModels({ pinned: true }))).toEqual({ x: 'a', y: 'b', 'a/x': 'a', 'b/y': 'b', 'b/x': 'b' });
    expect(router.listModels()).toBe(router.listModels()); // built once per snapshot and refresh
  });

  it('the models_list_pinned setting makes the pinned forms the default listing', async () => {
    const { router } = setup({ '127.0.0.1:1': ['x'], '127.0.0.2:1': [] }, { settings: { models_list_pinned: 'true' } });
    await router.refreshModels();
    expect(owners(router.listModels())).toEqual({ x: 'a', 'a/x': 'a' });
    expect(owners(router.listModels({ pinned: false }))).toEqual({ x: 'a' });
  });

  it('a failed fetch keeps the last good list while the provider is unchanged, and forgets it when its configuration changed', async () => {
    const lists: Record<string, string[] | null> = { '127.0.0.1:1': [], '127.0.0.2:1': ['y'] };
    const { router, source } = setup(lists);
    await router.refreshModels();
    lists['127.0.0.2:1'] = null;
    await router.refreshModels();
    expect(owners(router.listModels())).toEqual({ y: 'b' });
    source.set({
      providers: [
        { id: 'a', type: 'openai-compatible', config: { baseURL: 'http://127.0.0.1:1/v1' } },
        { id: 'b', type: 'openai-compatible', config: { baseURL: 'http://127.0.0.3:1/v1' } },
      ],
      activeProviderId: 'a',
    });
    await router.refreshModels();
    expect(owners(router.listModels())).toEqual({});
  });

  it('a refresh asked for while one runs runs again after it, so an older answer never overwrites a newer one', async () => {
    const lists: Record<string, string[] | null> = { '127.0.0.1:1': ['old'], '127.0.0.2:1': [] };
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    // the first refresh's answers arrive only after the second refresh was asked for
    const { router } = setup(lists, {}, () => (++calls <= 2 ? gate : undefined));
    const first = router.refreshModels();
    lists['127.0.0.1:1'] = ['new'];
    const second = router.refreshModels();
    await Promise.resolve();
    release();
    await Promise.all([first, second]);
    expect(owners(router.listModels())).toEqual({ new: 'a' });
  });

  it('router.handle reads ?pinned= on the model list and the pin headers on chat completions', async () => {
    const { router, seen } = setup({ '127.0.0.1:1': ['x'], '127.0.0.2:1': ['y'] });
    await router.refreshModels();
    const list = (await (await router.handle(new Request('http://router/v1/models?pinned=true'))).json()) as ModelList;
    expect(owners(list)).toMatchObject({ 'b/y': 'b' });
    const chat = (headers: Record<string, string>) =>
      router.handle(new Request('http://router/v1/chat/completions', { method: 'POST', headers, body: JSON.stringify({ model: 'x', messages: [] }) }));
    const pinned = await chat({ 'x-router-provider': 'b' });
    expect(pinned.headers.get('x-router-provider')).toBe('b');
    expect(seen.at(-1)).toBe('http://127.0.0.2:1/v1/chat/completions');
    expect((await chat({ 'x-router-provider': 'b', 'x-router-fallback': 'maybe' })).status).toBe(400);
  });
});
