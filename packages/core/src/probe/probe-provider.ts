/**
 * A short real round trip to a provider: list models, a tiny completion, a
 * tiny stream and a tool call. Reports what worked, how long it took, and what
 * was learned (stored on the provider as its capabilities).
 */
import { readAll } from '../sse/bytes.js';
import { summarizeJson, summarizeSse, decodeUtf8 } from '../sse/summarize-response.js';
import type { ChatCall, ChatCompletionBody, ProviderInstance } from '../spec/adapter.js';
import type { ProviderEntry } from '../spec/config.js';
import type { Transport, UpstreamRequest } from '../spec/transport.js';
import { parseModelIds } from '../providers/shared/model-ids.js';
import { createAdapterRegistry, type AdapterRegistry } from '../providers/registry.js';
import { applyToolMode, isXmlToolMode } from '../tool-mode/with-tool-mode.js';

/** One step of the probe. */
export interface ProbeStep {
  name: 'models' | 'completion' | 'stream' | 'tools';
  ok: boolean;
  latencyMs: number | null;
  error?: string;
  detail?: string;
  /** True when the step did not apply to this provider (e.g. it has no models endpoint). */
  skipped?: boolean;
}

/** What the probe found. */
export interface ProbeResult {
  providerId: string;
  type: string;
  /** True when the type is unknown and the generic adapter was used. */
  adapterFallback: boolean;
  /** True when the upstream answered at all. */
  reachable: boolean;
  /** True when every attempted step succeeded. */
  ok: boolean;
  /** The model used for the completion steps. */
  model: string | null;
  models: string[] | null;
  steps: ProbeStep[];
  warnings: string[];
  /** Learned capabilities, to store on the provider. */
  capabilities: {
    reachable: boolean;
    models: string[] | null;
    streamUsage: 'always' | 'with_include_usage' | 'never' | null;
    nativeTools: boolean | null;
    reasoningContent: boolean | null;
    /** How tools were tested: `native` (the upstream's `tools`) or `xml` (XML tool mode). */
    toolMode?: 'native' | 'xml';
    /** In XML tool mode: whether the model wrote a tool call the router could parse. */
    xmlTools?: boolean | null;
    checkedAt: string;
  };
}

/** Options for a probe. */
export interface ProbeOptions {
  provider: ProviderEntry;
  instance: ProviderInstance;
  transport: Transport;
  adapterFallback?: boolean;
  /** Model to use (default: the provider's default model, else the first listed). */
  model?: string;
  /** Per-step timeout, ms (default 15000). */
  timeoutMs?: number;
  /** Skip the tool-call step. */
  skipTools?: boolean;
  /** Adapters to read the provider's tool mode default from (default: the built-in ones). */
  adapters?: AdapterRegistry;
  now?: () => number;
  /** Called as each step starts (a caller showing the probe live). */
  onStepStart?: (name: ProbeStep['name']) => void;
  /** Called with each step as it ends, before the next one starts. */
  onStep?: (step: ProbeStep) => void;
}

/**
 * The instance in the tool mode the provider is configured for: callers may pass
 * an adapter's bare instance, and the probe must test what the router will run.
 */
function probeInstance(options: ProbeOptions): ProviderInstance {
  if (isXmlToolMode(options.instance)) return options.instance;
  const { adapter } = (options.adapters ?? createAdapterRegistry()).get(options.provider.type);
  const parsed = adapter.configSchema.safeParse(options.provider.config);
  return applyToolMode(options.instance, parsed.success ? parsed.data : undefined, options.provider.config);
}

/** Drops `stream_options` an adapter added, to learn what the upstream reports unasked. */
function withoutStreamOptions(request: UpstreamRequest): UpstreamRequest {
  if (typeof request.body !== 'string') return request;
  try {
    const body = JSON.parse(request.body);
    if (!body || typeof body !== 'object' || !('stream_options' in body)) return request;
    delete body.stream_options;
    return { ...request, body: JSON.stringify(body) };
  } catch {
    return request;
  }
}

interface Sent {
  status: number;
  text: string;
  isSse: boolean;
  /** The call, for `mapError`. */
  call: ChatCall | null;
}

async function send(
  options: ProbeOptions,
  instance: ProviderInstance,
  body: ChatCompletionBody | null,
  sendOptions: { plainStream?: boolean } = {},
): Promise<Sent> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const call: ChatCall | null = body ? { body, rawBody: JSON.stringify(body), model: body.model, stream: body.stream === true } : null;
  let request = call ? instance.chatRequest(call) : instance.modelsRequest();
  if (!request) throw new Error('this provider has no models endpoint');
  if (sendOptions.plainStream) request = withoutStreamOptions(request);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await options.transport({ ...request, signal: controller.signal, headersTimeoutMs: timeoutMs, bodyTimeoutMs: timeoutMs });
    const contentType = String(response.headers['content-type'] ?? '');
    const isSse = contentType.includes('event-stream');
    const ok = response.status < 400;
    // Read successful answers through the instance's own transforms: the probe sees what a client would.
    let bytes: Uint8Array;
    if (ok && call && isSse && instance.transformStream) bytes = await readAll(instance.transformStream(response.body, call), 4 << 20);
    else {
      bytes = await readAll(response.body, 4 << 20);
      if (ok && call && !isSse && instance.transformResponse) bytes = instance.transformResponse(bytes, call);
    }
    return { status: response.status, text: decodeUtf8(bytes), isSse, call };
  } catch (error) {
    if (controller.signal.aborted) throw new Error(`no answer within ${timeoutMs} ms`);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

function describeFailure(status: number, text: string, instance?: ProviderInstance, call?: ChatCall | null): string {
  // The adapter's own reading of its errors is the clearest (e.g. LM Studio's "no model loaded").
  const mapped = instance?.mapError && call ? instance.mapError(status, text, call) : null;
  if (mapped) return `HTTP ${status}: ${mapped.message}`;
  let message = text.slice(0, 300);
  try {
    const body = JSON.parse(text);
    message = body?.error?.message ?? body?.message ?? message;
  } catch {
    // not JSON
  }
  return `HTTP ${status}: ${message}`;
}

/** Runs the probe. Never throws: failures are reported in the steps. */
export async function probeProvider(options: ProbeOptions): Promise<ProbeResult> {
  const now = options.now ?? (() => performance.now());
  const instance = probeInstance(options);
  const xml = isXmlToolMode(instance);
  const steps: ProbeStep[] = [];
  const warnings: string[] = [];
  if (options.adapterFallback) warnings.push(`Unknown provider type "${options.provider.type}": using the generic openai-compatible adapter.`);
  let reachable = false;
  let models: string[] | null = null;
  let streamUsage: ProbeResult['capabilities']['streamUsage'] = null;
  let nativeTools: boolean | null = null;
  let xmlTools: boolean | null = null;
  let reasoningContent: boolean | null = null;

  // the callbacks are the caller's: one that throws must not fail the probe, which never throws
  const tell = (call: () => void) => {
    try {
      call();
    } catch {
      // ignored
    }
  };
  const record = (entry: ProbeStep) => {
    steps.push(entry);
    if (options.onStep) tell(() => options.onStep!(entry));
  };
  const step = async (name: ProbeStep['name'], run: () => Promise<string | { detail: string; skipped: true } | undefined>) => {
    if (options.onStepStart) tell(() => options.onStepStart!(name));
    const start = now();
    try {
      const result = await run();
      const latencyMs = Math.round((now() - start) * 10) / 10;
      if (typeof result === 'object') record({ name, ok: true, latencyMs, detail: result.detail, skipped: true });
      else record({ name, ok: true, latencyMs, ...(result ? { detail: result } : {}) });
      return true;
    } catch (error) {
      record({ name, ok: false, latencyMs: Math.round((now() - start) * 10) / 10, error: (error as Error).message });
      return false;
    }
  };
  const fail = (sent: Sent) => new Error(describeFailure(sent.status, sent.text, instance, sent.call));

  await step('models', async () => {
    if (!instance.modelsRequest()) return { detail: 'this provider has no models endpoint (set a default model or map models to it)', skipped: true };
    const sent = await send(options, instance, null);
    reachable = true;
    if (sent.status >= 400) throw fail(sent);
    models = parseModelIds(sent.text);
    return `${models.length} models`;
  });

  const model = options.model ?? options.provider.defaultModel ?? (models as string[] | null)?.[0] ?? null;
  if (!model) {
    warnings.push('No model to test with: pass one, set a default model, or make sure the provider lists its models.');
  } else {
    const messages = [{ role: 'user', content: 'Reply with the single word OK.' }];
    await step('completion', async () => {
      const sent = await send(options, instance, { model, messages, max_tokens: 16 });
      reachable = true;
      if (sent.status >= 400) throw fail(sent);
      const summary = summarizeJson(sent.text);
      if (summary.reasoning) reasoningContent = true;
      return summary.text ? `answered ${JSON.stringify(summary.text.slice(0, 40))}` : undefined;
    });
    await step('stream', async () => {
      // Without stream_options, whatever the adapter adds: this learns what the upstream reports unasked.
      const plain = await send(options, instance, { model, messages, max_tokens: 16, stream: true }, { plainStream: true });
      reachable = true;
      if (plain.status >= 400) throw fail(plain);
      const summary = summarizeSse(plain.text);
      if (summary.events === 0) throw new Error('the stream carried no data events');
      reasoningContent = reasoningContent === true || summary.reasoning !== null;
      if (summary.usage) {
        streamUsage = 'always';
      } else {
        const withUsage = await send(options, instance, { model, messages, max_tokens: 16, stream: true, stream_options: { include_usage: true } });
        streamUsage = withUsage.status < 400 && summarizeSse(withUsage.text).usage ? 'with_include_usage' : 'never';
      }
      if (streamUsage === 'never') warnings.push('Streams report no token usage, even when asked: streamed requests are logged without token counts.');
      return `${summary.events} events, usage ${streamUsage}`;
    });
    if (!options.skipTools) {
      await step('tools', async () => {
        const sent = await send(options, instance, {
          model,
          messages: [{ role: 'user', content: 'Call the ping tool.' }],
          tools: [{ type: 'function', function: { name: 'ping', description: 'Answers pong.', parameters: { type: 'object', properties: {} } } }],
          tool_choice: 'required',
          max_tokens: xml ? 256 : 64,
        });
        const called = sent.status < 400 && summarizeJson(sent.text).toolCalls.length > 0;
        if (xml) {
          if (sent.status >= 400) throw fail(sent);
          xmlTools = called;
          if (!called) warnings.push('In XML tool mode the model wrote no tool call the router could parse; try xmlToolStyle=qwen3-coder or another model.');
          return called ? 'XML tool call returned and parsed' : 'no XML tool call in the answer';
        }
        nativeTools = called;
        if (!called) warnings.push(`Native tool calls did not work; if this model writes tool calls as text, set \`--config toolMode=xml\`.`);
        if (sent.status >= 400) return `native tools refused (${describeFailure(sent.status, sent.text, instance, sent.call)})`;
        return called ? 'native tool call returned' : 'no tool call returned';
      });
    }
  }
  const ok = reachable && steps.every((entry) => entry.ok);
  return {
    providerId: options.provider.id,
    type: options.provider.type,
    adapterFallback: options.adapterFallback ?? false,
    reachable,
    ok,
    model,
    models,
    steps,
    warnings,
    capabilities: {
      reachable, models, streamUsage, nativeTools, reasoningContent, toolMode: xml ? 'xml' : 'native', xmlTools, checkedAt: new Date().toISOString(),
    },
  };
}
