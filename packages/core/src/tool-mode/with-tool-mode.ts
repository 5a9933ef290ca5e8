/**
 * XML tool mode as a wrapper around any provider instance: the request's
 * tools are rendered into the prompt on the way out, and tool calls the model
 * writes as XML are parsed back into OpenAI `tool_calls` on the way in.
 */
import { z } from 'zod';
import type { ChatCall, ProviderInstance } from '../spec/adapter.js';
import type { PassthroughCall } from '../spec/api.js';
import { renderToolPrompt, type RenderedToolBody, type XmlToolStyle } from './render-tool-prompt.js';
import { rewriteXmlToolResponse } from './xml-tool-response.js';
import { rewriteXmlToolStream } from './xml-tool-stream.js';

/** The configuration keys every provider type accepts for tool mode. */
export const toolModeConfigShape = {
  /** `native` sends `tools` as they are; `xml` renders them into the prompt and parses XML tool calls from the answer. */
  toolMode: z.enum(['native', 'xml'], { error: 'must be "native" or "xml"' }).optional().describe('native sends tools as they are; xml renders them into the prompt and parses XML tool calls from the answer.'),
  /** In xml mode, the format the model is asked to write (`hermes` JSON or `qwen3-coder` parameters); both are parsed. */
  xmlToolStyle: z.enum(['hermes', 'qwen3-coder'], { error: 'must be "hermes" or "qwen3-coder"' }).optional().describe('In xml tool mode, the format the model is asked to write (both are parsed).'),
};

/** Tool mode settings read from any provider configuration. */
export const toolModeConfigSchema = z.looseObject(toolModeConfigShape);

/** Options of the wrapper. */
export interface XmlToolModeOptions {
  /** The format the model is asked to write. */
  style?: XmlToolStyle;
  /** Generates tool call ids (tests pass a deterministic one). */
  generateId?: () => string;
}

const wrapped = new WeakSet<ProviderInstance>();

/** True when the instance already runs in XML tool mode. */
export function isXmlToolMode(instance: ProviderInstance): boolean {
  return wrapped.has(instance);
}

/** Wraps an instance so it serves tool-using clients through XML in the text. */
export function withXmlToolMode(inner: ProviderInstance, options: XmlToolModeOptions = {}): ProviderInstance {
  if (wrapped.has(inner)) return inner;
  const style = options.style ?? 'hermes';
  const rendered = new WeakMap<ChatCall, { call: ChatCall; render: RenderedToolBody } | null>();

  /** The call the inner instance sees (memoised per engine call, so every hook agrees). */
  function translate(call: ChatCall): { call: ChatCall; render: RenderedToolBody } | null {
    if (rendered.has(call)) return rendered.get(call)!;
    const render = renderToolPrompt(call.body, style);
    const translated = render ? { call: { ...call, body: render.body, rawBody: JSON.stringify(render.body) }, render } : null;
    rendered.set(call, translated);
    return translated;
  }

  const innerCall = (call: ChatCall) => translate(call)?.call ?? call;
  const rewriteOptions = (call: ChatCall) => ({ tools: translate(call)?.render.tools, generateId: options.generateId });

  const instance: ProviderInstance = {
    id: inner.id,
    timeouts: inner.timeouts,
    chatRequest: (call) => inner.chatRequest(innerCall(call)),
    modelsRequest: () => inner.modelsRequest(),
    transformResponse(body, call) {
      const translated = innerCall(call);
      const bytes = inner.transformResponse ? inner.transformResponse(body, translated) : body;
      return translate(call)?.render.parse ? rewriteXmlToolResponse(bytes, rewriteOptions(call)) : bytes;
    },
    transformStream(body, call) {
      const translated = innerCall(call);
      const stream = inner.transformStream ? inner.transformStream(body, translated) : body;
      return translate(call)?.render.parse ? rewriteXmlToolStream(stream, rewriteOptions(call)) : stream;
    },
    // tool mode only rewrites chat: other APIs the provider speaks pass through as they are
    ...(inner.nativeApis ? { nativeApis: inner.nativeApis } : {}),
    ...(inner.chatApi ? { chatApi: inner.chatApi } : {}),
    ...(inner.reasoningHistory ? { reasoningHistory: inner.reasoningHistory } : {}),
    ...(inner.passthroughRequest ? { passthroughRequest: inner.passthroughRequest.bind(inner) } : {}),
    ...(inner.discoverModels ? { discoverModels: inner.discoverModels.bind(inner) } : {}),
    ...(inner.mapError
      ? { mapError: (status: number, text: string, call: ChatCall | PassthroughCall, headers?: Parameters<NonNullable<ProviderInstance['mapError']>>[3]) => inner.mapError!(status, text, 'api' in call ? call : innerCall(call), headers) }
      : {}),
  };
  wrapped.add(instance);
  return instance;
}

/**
 * Applies the tool mode a provider's configuration asks for. Reads the validated
 * configuration first (where a type's default lives), then the raw one (for
 * adapters whose schema drops keys it does not know).
 */
export function applyToolMode(instance: ProviderInstance, validated: unknown, raw?: Readonly<Record<string, unknown>>): ProviderInstance {
  const fromValidated = toolModeConfigSchema.safeParse(validated ?? {});
  const fromRaw = toolModeConfigSchema.safeParse(raw ?? {});
  const settings = { ...(fromRaw.success ? fromRaw.data : {}), ...(fromValidated.success ? stripUndefined(fromValidated.data) : {}) };
  if (settings.toolMode !== 'xml') return instance;
  return withXmlToolMode(instance, { style: settings.xmlToolStyle });
}

function stripUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
