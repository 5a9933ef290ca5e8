/**
 * A short real round trip to a provider: list models, a tiny completion, a
 * tiny stream and a tool call. Reports what worked, how long it took, and what
 * was learned (stored on the provider as its capabilities).
 */
import { readAll } from '../sse/bytes.js';
import { summarizeJson, summarizeSse, decodeUtf8 } from '../sse/summarize-response.js';
import type { ChatCompletionBody, ProviderInstance } from '../spec/adapter.js';
import type { ProviderEntry } from '../spec/config.js';
import type { Transport } from '../spec/transport.js';
import { parseModelIds } from '../engine/model-catalog.js';

/** One step of the probe. */
export interface ProbeStep {
  name: 'models' | 'completion' | 'stream' | 'tools';
  ok: boolean;
  latencyMs: number | null;
  error?: string;
  detail?: string;
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
  now?: () => number;
}

async function send(options: ProbeOptions, body: ChatCompletionBody | null): Promise<{ status: number; text: string; isSse: boolean }> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const request = body
    ? options.instance.chatRequest({ body, rawBody: JSON.stringify(body), model: body.model, stream: body.stream === true })
    : options.instance.modelsRequest();
  if (!request) throw new Error('this provider has no models endpoint');
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await options.transport({ ...request, signal: controller.signal, headersTimeoutMs: timeoutMs, bodyTimeoutMs: timeoutMs });
    const bytes = await readAll(response.body, 4 << 20);
    const contentType = String(response.headers['content-type'] ?? '');
    return { status: response.status, text: decodeUtf8(bytes), isSse: contentType.includes('event-stream') };
  } catch (error) {
    if (controller.signal.aborted) throw new Error(`no answer within ${timeoutMs} ms`);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

function describeFailure(status: number, text: string): string {
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
  const steps: ProbeStep[] = [];
  const warnings: string[] = [];
  if (options.adapterFallback) warnings.push(`Unknown provider type "${options.provider.type}": using the generic openai-compatible adapter.`);
  let reachable = false;
  let models: string[] | null = null;
  let streamUsage: ProbeResult['capabilities']['streamUsage'] = null;
  let nativeTools: boolean | null = null;
  let reasoningContent: boolean | null = null;

  const step = async (name: ProbeStep['name'], run: () => Promise<string | undefined>) => {
    const start = now();
    try {
      const detail = await run();
      steps.push({ name, ok: true, latencyMs: Math.round((now() - start) * 10) / 10, ...(detail ? { detail } : {}) });
      return true;
    } catch (error) {
      steps.push({ name, ok: false, latencyMs: Math.round((now() - start) * 10) / 10, error: (error as Error).message });
      return false;
    }
  };

  await step('models', async () => {
    const { status, text } = await send(options, null);
    reachable = true;
    if (status >= 400) throw new Error(describeFailure(status, text));
    models = parseModelIds(text);
    return `${models.length} models`;
  });

  const model = options.model ?? options.provider.defaultModel ?? (models as string[] | null)?.[0] ?? null;
  if (!model) {
    warnings.push('No model to test with: pass one, set a default model, or make sure the provider lists its models.');
  } else {
    const messages = [{ role: 'user', content: 'Reply with the single word OK.' }];
    await step('completion', async () => {
      const { status, text } = await send(options, { model, messages, max_tokens: 16 });
      reachable = true;
      if (status >= 400) throw new Error(describeFailure(status, text));
      const summary = summarizeJson(text);
      if (summary.reasoning) reasoningContent = true;
      return summary.text ? `answered ${JSON.stringify(summary.text.slice(0, 40))}` : undefined;
    });
    await step('stream', async () => {
      const plain = await send(options, { model, messages, max_tokens: 16, stream: true });
      reachable = true;
      if (plain.status >= 400) throw new Error(describeFailure(plain.status, plain.text));
      const summary = summarizeSse(plain.text);
      if (summary.events === 0) throw new Error('the stream carried no data events');
      reasoningContent = reasoningContent === true || summary.reasoning !== null;
      if (summary.usage) {
        streamUsage = 'always';
      } else {
        const withUsage = await send(options, { model, messages, max_tokens: 16, stream: true, stream_options: { include_usage: true } });
        streamUsage = withUsage.status < 400 && summarizeSse(withUsage.text).usage ? 'with_include_usage' : 'never';
      }
      return `${summary.events} events, usage ${streamUsage}`;
    });
    if (!options.skipTools) {
      await step('tools', async () => {
        const { status, text } = await send(options, {
          model,
          messages: [{ role: 'user', content: 'Call the ping tool.' }],
          tools: [{ type: 'function', function: { name: 'ping', description: 'Answers pong.', parameters: { type: 'object', properties: {} } } }],
          tool_choice: 'required',
          max_tokens: 64,
        });
        if (status >= 400) {
          nativeTools = false;
          return `native tools refused (${describeFailure(status, text)})`;
        }
        nativeTools = summarizeJson(text).toolCalls.length > 0;
        return nativeTools ? 'native tool call returned' : 'no tool call returned';
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
    capabilities: { reachable, models, streamUsage, nativeTools, reasoningContent, checkedAt: new Date().toISOString() },
  };
}
