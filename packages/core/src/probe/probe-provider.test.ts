import { fixtureChunks, fixtureJson, sseFrames, startFakeUpstream, type FakeUpstream, type SeenRequest } from '@router/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapterRegistry } from '../providers/registry.js';
import type { ProviderEntry } from '../spec/config.js';
import { createFetchTransport } from '../transport/fetch-transport.js';
import { probeProvider, type ProbeOptions } from './probe-provider.js';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream({ models: ['qwen3-max'] });
});
afterAll(() => upstream.close());

const registry = createAdapterRegistry();
const transport = createFetchTransport();
const withUsage = fixtureChunks('dashscope-text');
const withoutUsage = withUsage.slice(0, -1);

/** An OpenAI-like upstream that reports stream usage only when asked (like DashScope and OpenAI). */
function usageWhenAsked(request: SeenRequest) {
  const body = request.json;
  if (body.stream) return { kind: 'sse' as const, frames: sseFrames(body.stream_options?.include_usage ? withUsage : withoutUsage) };
  if (body.tools) return { kind: 'json' as const, body: fixtureJson('dashscope-tool-call') };
  return { kind: 'json' as const, body: fixtureJson('dashscope-text') };
}

function probe(type: string, config: Record<string, unknown>, extra: Partial<ProviderEntry> = {}, callbacks: Pick<ProbeOptions, 'onStep' | 'onStepStart'> = {}) {
  const provider: ProviderEntry = { id: 'p', name: 'p', type, enabled: true, priority: 0, config: { baseURL: upstream.baseURL, ...config }, ...extra };
  const { adapter, fallback } = registry.get(type);
  // Callers (the CLI) may pass the adapter's bare instance: the probe applies the tool mode itself.
  const instance = adapter.create({ id: provider.id, config: adapter.configSchema.parse(provider.config), capabilities: provider.capabilities });
  return probeProvider({ provider, instance, transport, adapterFallback: fallback, timeoutMs: 5_000, ...callbacks });
}

describe('probeProvider', () => {
  it('learns models, that usage needs include_usage, native tools and reasoning', async () => {
    upstream.onChat(usageWhenAsked);
    const result = await probe('openai-compatible', {});
    expect(result.ok).toBe(true);
    expect(result.steps.map((step) => [step.name, step.ok])).toEqual([['models', true], ['completion', true], ['stream', true], ['tools', true]]);
    expect(result.capabilities).toMatchObject({ reachable: true, models: ['qwen3-max'], streamUsage: 'with_include_usage', nativeTools: true, toolMode: 'native', xmlTools: null });
  });

  it('still learns "with_include_usage" when the adapter already adds include_usage itself', async () => {
    upstream.onChat(usageWhenAsked);
    for (const [type, config] of [['qwen', { apiKey: 'k' }], ['openai-compatible', {}]] as const) {
      const result = await probe(type, config, { capabilities: { streamUsage: 'with_include_usage' } });
      expect(result.capabilities.streamUsage).toBe('with_include_usage');
    }
  });

  it('reports "always" for an upstream that sends usage unasked', async () => {
    upstream.onChat((request) => (request.json.stream ? { kind: 'sse', frames: sseFrames(withUsage) } : usageWhenAsked(request)));
    expect((await probe('openai-compatible', {})).capabilities.streamUsage).toBe('always');
  });

  it('warns about an unknown type (generic adapter used)', async () => {
    upstream.onChat(usageWhenAsked);
    const result = await probe('tabby-api', {});
    expect(result.adapterFallback).toBe(true);
    expect(result.warnings[0]).toContain('Unknown provider type "tabby-api"');
  });

  it('tests XML tool mode on a qwen-proxy, through the tool-mode wrapper', async () => {
    upstream.onChat((request) => {
      if (request.json.stream || !request.json.messages[0].content.includes('<tools>')) return usageWhenAsked(request);
      return { kind: 'json', body: JSON.stringify({ id: 'x', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: '<tool_call>\n{"name": "ping", "arguments": {}}\n</tool_call>' }, finish_reason: 'stop' }] }) };
    });
    const result = await probe('qwen-proxy', {});
    const toolsRequest = upstream.requests.at(-1)!.json;
    expect(toolsRequest.tools).toBeUndefined();
    expect(result.steps.find((step) => step.name === 'tools')).toMatchObject({ ok: true, detail: 'XML tool call returned and parsed' });
    expect(result.capabilities).toMatchObject({ toolMode: 'xml', xmlTools: true, nativeTools: null });
  });

  it('suggests XML tool mode when native tools do not work', async () => {
    upstream.onChat((request) => (request.json.tools ? { kind: 'json', status: 400, body: JSON.stringify({ error: { message: 'tools are not supported' } }) } : usageWhenAsked(request)));
    const result = await probe('openai-compatible', {});
    expect(result.capabilities.nativeTools).toBe(false);
    expect(result.warnings.join('\n')).toContain('toolMode=xml');
  });

  it("explains LM Studio's no-model error through the adapter", async () => {
    upstream.onChat(() => ({ kind: 'json', status: 400, body: JSON.stringify({ error: "No models loaded. Please load a model in the developer page or use the 'lms load' command." }) }));
    const result = await probe('lm-studio', {});
    expect(result.ok).toBe(false);
    expect(result.steps.find((step) => step.name === 'completion')?.error).toContain('has no model loaded');
  });

  it('skips the models step for a provider without a models endpoint and uses its default model', async () => {
    upstream.onChat(usageWhenAsked);
    const result = await probe('perplexity', { apiKey: 'k' }, { defaultModel: 'sonar' });
    expect(result.steps[0]).toMatchObject({ name: 'models', ok: true, skipped: true });
    expect(result.model).toBe('sonar');
    expect(result.ok).toBe(true);
  });

  it('tells the caller each step as it starts and as it ends, before the next one is sent', async () => {
    upstream.onChat(usageWhenAsked);
    const seenBefore = upstream.requests.length;
    const events: string[] = [];
    const sentWhenEnded: number[] = [];
    const result = await probe('openai-compatible', {}, {}, {
      onStepStart: (name) => events.push(`start ${name}`),
      onStep: (step) => {
        events.push(`end ${step.name} ${step.ok}`);
        sentWhenEnded.push(upstream.requests.length - seenBefore);
      },
    });
    expect(events).toEqual(['start models', 'end models true', 'start completion', 'end completion true', 'start stream', 'end stream true', 'start tools', 'end tools true']);
    // the chat requests the upstream had seen as each step ended (the fake records no model lists): completion 1,
    // stream 2 (plain, then with include_usage), tools 1, so each step was reported before the next one sent anything
    expect(sentWhenEnded).toEqual([0, 1, 3, 4]);
    expect(result.steps.map((step) => step.name)).toEqual(['models', 'completion', 'stream', 'tools']);
  });

  it('is not failed by a callback that throws', async () => {
    upstream.onChat(usageWhenAsked);
    const result = await probe('openai-compatible', {}, {}, {
      onStepStart: () => {
        throw new Error('viewer gone');
      },
      onStep: () => {
        throw new Error('viewer gone');
      },
    });
    expect(result.ok).toBe(true);
    expect(result.steps).toHaveLength(4);
  });

  it('reports an unreachable provider without throwing', async () => {
    const result = await probeProvider({
      provider: { id: 'gone', name: 'gone', type: 'openai-compatible', enabled: true, priority: 0, config: { baseURL: 'http://127.0.0.1:9/v1' }, defaultModel: 'm' },
      instance: registry.get('openai-compatible').adapter.create({ id: 'gone', config: { baseURL: 'http://127.0.0.1:9/v1' } }),
      transport,
      timeoutMs: 2_000,
    });
    expect(result).toMatchObject({ ok: false, reachable: false });
    expect(result.steps.every((step) => !step.ok)).toBe(true);
  });
});
