/**
 * The streaming half of XML tool mode: rewrites an OpenAI chat completion SSE
 * stream whose text carries XML tool calls into one with `tool_calls` deltas.
 * Web-standard APIs only; SSE is parsed with eventsource-parser. Usable as a
 * `TransformStream` of text or as a generator over bytes.
 */
import { createParser } from 'eventsource-parser';
import { createToolCallParser, type ParsedPart, type ToolCallParser, type ToolDefinition } from './parse-tool-calls.js';

/** Options shared by the streaming and the whole-body rewrite. */
export interface XmlToolRewriteOptions {
  /** The request's tool definitions (to type Qwen3-Coder parameters). */
  tools?: readonly ToolDefinition[];
  /** Generates tool call ids (default `call_` + 24 random hex digits). */
  generateId?: () => string;
}

/** A tool call id shaped like OpenAI's. */
export function generateToolCallId(): string {
  return `call_${crypto.randomUUID().replace(/-/g, '').slice(0, 24)}`;
}

/** Turns parsed parts into OpenAI delta objects (text → `content`, calls → `tool_calls`). */
export function partsToDeltas(parts: readonly ParsedPart[], nextIndex: () => number, generateId: () => string): Record<string, unknown>[] {
  return parts.map((part) =>
    part.type === 'text'
      ? { content: part.text }
      : { tool_calls: [{ index: nextIndex(), id: generateId(), type: 'function', function: { name: part.name, arguments: part.arguments } }] },
  );
}

interface ChoiceState {
  parser: ToolCallParser;
  nextToolIndex: number;
  finished: boolean;
}

type Chunk = Record<string, unknown> & { choices?: Record<string, unknown>[] };

function sse(data: string, event?: string, id?: string): string {
  return `${event ? `event: ${event}\n` : ''}${id ? `id: ${id}\n` : ''}data: ${data}\n\n`;
}

/** Rewrites SSE text: feed decoded text in any pieces, get rewritten SSE text out. */
export interface XmlToolSseRewriter {
  /** Adds decoded SSE text; returns the rewritten text ready so far (may be empty). */
  feed(text: string): string;
  /** Ends the stream; returns what unfinished choices still held. */
  end(): string;
}

/** Creates the rewriter that turns XML tool calls in `delta.content` into `tool_calls` deltas (SSE parsed with eventsource-parser). */
export function createXmlToolSseRewriter(options: XmlToolRewriteOptions = {}): XmlToolSseRewriter {
  const generateId = options.generateId ?? generateToolCallId;
  const states = new Map<number, ChoiceState>();
  let template: Chunk | null = null;
  let flushed = false;
  let output = '';

  const stateOf = (index: number): ChoiceState => {
    let state = states.get(index);
    if (!state) {
      state = { parser: createToolCallParser({ tools: options.tools }), nextToolIndex: 0, finished: false };
      states.set(index, state);
    }
    return state;
  };

  /** Rewrites one chunk into zero or more chunks. */
  function rewrite(chunk: Chunk): Chunk[] {
    const { choices, ...envelope } = chunk;
    const { usage, ...base } = envelope;
    const out: Chunk[] = [];
    for (const choice of choices ?? []) {
      const { delta: rawDelta, index: rawIndex, finish_reason: finishReason, ...choiceRest } = choice as Record<string, any>;
      const index = typeof rawIndex === 'number' ? rawIndex : 0;
      const delta: Record<string, unknown> = rawDelta && typeof rawDelta === 'object' ? { ...rawDelta } : {};
      const state = stateOf(index);
      if (state.finished) {
        out.push({ ...base, choices: [choice] });
        continue;
      }
      for (const call of Array.isArray(delta.tool_calls) ? delta.tool_calls : []) {
        if (typeof call?.index === 'number') state.nextToolIndex = Math.max(state.nextToolIndex, call.index + 1);
      }
      const content = typeof delta.content === 'string' ? delta.content : null;
      delete delta.content;
      const parts = content ? state.parser.push(content) : [];
      if (finishReason) {
        parts.push(...state.parser.end());
        state.finished = true;
      }
      const deltas = partsToDeltas(parts, () => state.nextToolIndex++, generateId);
      const finish = finishReason === 'stop' && state.parser.toolCalls > 0 ? 'tool_calls' : finishReason;
      if (deltas.length === 0) {
        // Everything was held back: keep the chunk only if it carries anything else.
        if (Object.keys(delta).length === 0 && !finishReason && content) continue;
        if ('content' in (rawDelta ?? {})) delta.content = content === null ? null : '';
        deltas.push(delta);
      } else {
        deltas[0] = { ...delta, ...deltas[0] };
      }
      deltas.forEach((entry, position) => {
        const last = position === deltas.length - 1;
        out.push({ ...base, choices: [{ index, delta: entry, ...choiceRest, finish_reason: last ? finish ?? null : null }] });
      });
    }
    if (usage !== undefined) {
      if (out.length > 0) out[out.length - 1] = { ...out[out.length - 1], usage };
      else out.push({ ...base, choices: [], usage });
    }
    return out;
  }

  /** Gives back text still held by unfinished choices (the stream ended without a finish reason). */
  function flushChoices(): Chunk[] {
    if (flushed) return [];
    flushed = true;
    const out: Chunk[] = [];
    const { choices: _choices, usage: _usage, ...base } = template ?? { object: 'chat.completion.chunk' };
    for (const [index, state] of states) {
      if (state.finished) continue;
      state.finished = true;
      for (const delta of partsToDeltas(state.parser.end(), () => state.nextToolIndex++, generateId)) {
        out.push({ ...base, choices: [{ index, delta, finish_reason: null }] });
      }
    }
    return out;
  }

  const parser = createParser({
    onEvent(event) {
      if (event.data === '[DONE]') {
        for (const chunk of flushChoices()) output += sse(JSON.stringify(chunk));
        output += sse(event.data, event.event, event.id);
        return;
      }
      let chunk: Chunk;
      try {
        chunk = JSON.parse(event.data);
      } catch {
        output += sse(event.data, event.event, event.id);
        return;
      }
      const choices = chunk && typeof chunk === 'object' && Array.isArray(chunk.choices) ? chunk.choices : null;
      const touches = choices?.some((choice) => (typeof (choice?.delta as any)?.content === 'string' && (choice.delta as any).content !== '') || choice?.finish_reason);
      if (!choices || !touches) {
        // Nothing to rewrite (role chunk, usage chunk, error event): the upstream's bytes as they were.
        output += sse(event.data, event.event, event.id);
        return;
      }
      template = chunk;
      for (const rewritten of rewrite(chunk)) output += sse(JSON.stringify(rewritten), event.event, event.id);
    },
    onComment(comment) {
      output += `: ${comment}\n\n`;
    },
  });

  const take = () => {
    const text = output;
    output = '';
    return text;
  };
  /** The text fed last ended with a `\r`, which the parser holds until it knows whether a `\n` follows. */
  let endsWithCR = false;
  return {
    feed(text) {
      if (text.length > 0) endsWithCR = text.endsWith('\r');
      parser.feed(text);
      return take();
    },
    end() {
      // the stream is over: a last `\r` ended its line (and, framed with `\r`, its event)
      if (endsWithCR) parser.feed('\n');
      for (const chunk of flushChoices()) output += sse(JSON.stringify(chunk));
      return take();
    },
  };
}

/** The rewriter as a web `TransformStream` of SSE text, for `body.pipeThrough(new TextDecoderStream()).pipeThrough(…)`. */
export function createXmlToolCallTransform(options: XmlToolRewriteOptions = {}): TransformStream<string, string> {
  const rewriter = createXmlToolSseRewriter(options);
  return new TransformStream<string, string>({
    transform(text, controller) {
      const out = rewriter.feed(text);
      if (out) controller.enqueue(out);
    },
    flush(controller) {
      const out = rewriter.end();
      if (out) controller.enqueue(out);
    },
  });
}

/**
 * Rewrites an SSE byte stream (async iterable in, async iterable out). A plain
 * generator rather than a pipe of web streams: it is on the hot path, and
 * returning early still returns (cancels) the upstream body.
 */
export async function* rewriteXmlToolStream(body: AsyncIterable<Uint8Array>, options: XmlToolRewriteOptions = {}): AsyncGenerator<Uint8Array> {
  const rewriter = createXmlToolSseRewriter(options);
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  for await (const chunk of body) {
    const out = rewriter.feed(decoder.decode(chunk, { stream: true }));
    if (out) yield encoder.encode(out);
  }
  const out = rewriter.feed(decoder.decode()) + rewriter.end();
  if (out) yield encoder.encode(out);
}
