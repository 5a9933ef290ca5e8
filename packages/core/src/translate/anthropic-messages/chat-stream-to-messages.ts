/**
 * A chat completions stream → Anthropic Messages stream events.
 *
 * Anthropic clients read blocks one at a time (start, deltas, stop, then the next), with indexes
 * 0, 1, 2… in content order. The chat stream does not promise that order, so:
 * - thinking (`reasoning_content`/`reasoning`) and text stream live; each switch between them
 *   closes the open block and opens the next index;
 * - the first tool call streams live (`input_json_delta` per argument fragment) from the chunk
 *   that names it; the arguments of every other tool call are collected and each is sent as a
 *   whole block (start, one delta, stop) once the upstream finishes, in the order the calls first
 *   appeared. So parallel calls keep stable indexes even when their fragments interleave
 *   (`tool_calls[].index` is only a key), and no block is reopened after its stop;
 * - text or reasoning that arrives after a tool call has begun is collected and sent as one block
 *   of each kind after the tool calls, instead of breaking the tool block (no index thrash);
 * - each tool block starts with an empty `input_json_delta`, as Anthropic's own streams do, so a
 *   call with empty arguments still reads as `{}`; arguments are passed as the upstream sent them.
 * Usage is reported in `message_delta` at the end (OpenAI sends it after `finish_reason`, in a
 * usage-only chunk), and in `message_start` only when the first chunk already carries it.
 */
import { anthropicErrorEvent, statusOfUpstreamError } from './anthropic-sse.js';
import { anthropicStopReason, anthropicUsage, asObject, asText, messageId, randomId, usageOf } from './chat-mapping.js';
import type { AnthropicContentBlock, AnthropicDelta, AnthropicStreamEvent, ChatStreamEvent } from './types.js';

/** Options for `chatStreamToMessages`. */
export interface ChatStreamOptions {
  /** The client's `stop_sequences`, to recognise a stop sequence the upstream names. */
  stopSequences?: readonly string[];
  /** Id source for tool calls and messages that arrive without one. */
  generateId?: () => string;
}

interface ToolCall {
  id: string;
  name: string;
  arguments: string;
  /** Block index once started. */
  index: number | null;
}

type OpenBlock = { kind: 'thinking' | 'text'; index: number } | { kind: 'tool'; index: number; key: number };

/** Translates parsed chat stream events into Anthropic stream events, ending with `message_stop` or an `error` event. */
export async function* chatStreamToMessages(events: AsyncIterable<ChatStreamEvent>, requestModel: string, options: ChatStreamOptions = {}): AsyncGenerator<AnthropicStreamEvent> {
  const generateId = options.generateId ?? randomId;
  let out: AnthropicStreamEvent[] = [];
  let started = false;
  let nextIndex = 0;
  let open: OpenBlock | null = null;
  const tools = new Map<number, ToolCall>();
  let liveKey: number | null = null;
  let trailingThinking = '';
  let trailingText = '';
  let finishReason: unknown = null;
  let matchedStop: unknown = null;
  let finished = false;
  let usage: Record<string, unknown> | null = null;

  const close = () => {
    if (open !== null) out.push({ type: 'content_block_stop', index: open.index });
    open = null;
  };
  const startBlock = (block: AnthropicContentBlock): number => {
    const index = nextIndex++;
    out.push({ type: 'content_block_start', index, content_block: block });
    return index;
  };
  const delta = (index: number, value: AnthropicDelta) => out.push({ type: 'content_block_delta', index, delta: value });

  const streamText = (kind: 'thinking' | 'text', text: string) => {
    if (liveKey !== null) {
      if (kind === 'thinking') trailingThinking += text;
      else trailingText += text;
      return;
    }
    if (open?.kind !== kind) {
      close();
      open = { kind, index: startBlock(kind === 'thinking' ? { type: 'thinking', thinking: '', signature: '' } : { type: 'text', text: '' }) };
    }
    delta(open.index, kind === 'thinking' ? { type: 'thinking_delta', thinking: text } : { type: 'text_delta', text });
  };

  const startTool = (call: ToolCall) => {
    call.index = startBlock({ type: 'tool_use', id: call.id || `toolu_${generateId()}`, name: call.name, input: {} });
    delta(call.index, { type: 'input_json_delta', partial_json: '' });
  };

  const toolDelta = (fragment: unknown, position: number) => {
    const fields = asObject(fragment);
    if (fields === null) return;
    const key = typeof fields.index === 'number' ? fields.index : position;
    const fn = asObject(fields.function);
    let call = tools.get(key);
    if (call === undefined) {
      call = { id: '', name: '', arguments: '', index: null };
      tools.set(key, call);
    }
    // Later fragments repeat `id: ""` or `name: ""` (DashScope, Mistral): only the first non-empty value counts.
    if (call.id === '') call.id = asText(fields.id) ?? '';
    if (call.name === '') call.name = asText(fn?.name) ?? '';
    const args = asText(fn?.arguments) ?? '';
    call.arguments += args;
    if (liveKey === null) {
      close();
      liveKey = key;
    }
    if (key !== liveKey || call.name === '') return;
    if (call.index === null) {
      startTool(call);
      open = { kind: 'tool', index: call.index!, key };
      if (call.arguments.length > 0) delta(call.index!, { type: 'input_json_delta', partial_json: call.arguments });
    } else if (args.length > 0) delta(call.index, { type: 'input_json_delta', partial_json: args });
  };

  /** Closes the live block and sends everything held back, once the upstream has finished. */
  const finishBlocks = () => {
    if (finished) return;
    finished = true;
    close();
    for (const call of tools.values()) {
      // A call the upstream never named cannot be expressed as a tool_use block; it is dropped.
      if (call.index !== null || call.name === '') continue;
      startTool(call);
      if (call.arguments.length > 0) delta(call.index!, { type: 'input_json_delta', partial_json: call.arguments });
      out.push({ type: 'content_block_stop', index: call.index! });
    }
    if (trailingThinking.length > 0) {
      const index = startBlock({ type: 'thinking', thinking: '', signature: '' });
      delta(index, { type: 'thinking_delta', thinking: trailingThinking });
      out.push({ type: 'content_block_stop', index });
    }
    if (trailingText.length > 0) {
      const index = startBlock({ type: 'text', text: '' });
      delta(index, { type: 'text_delta', text: trailingText });
      out.push({ type: 'content_block_stop', index });
    }
  };

  const onChunk = (chunk: Record<string, unknown>) => {
    const chunkUsage = usageOf(chunk);
    if (chunkUsage !== null) usage = chunkUsage;
    if (!started) {
      started = true;
      out.push({ type: 'message_start', message: { id: messageId(generateId), type: 'message', role: 'assistant', model: requestModel, content: [], stop_reason: null, stop_sequence: null, usage: anthropicUsage(usage) } });
    }
    if (finished) return;
    const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
    const choice = asObject(choices.find((entry) => (asObject(entry)?.index ?? 0) === 0));
    if (choice === null) return;
    const fields = asObject(choice.delta) ?? {};
    const reasoning = asText(fields.reasoning_content) ?? asText(fields.reasoning);
    if (reasoning !== null) streamText('thinking', reasoning);
    const text = asText(fields.content) ?? asText(fields.refusal);
    if (text !== null) streamText('text', text);
    if (Array.isArray(fields.tool_calls)) fields.tool_calls.forEach(toolDelta);
    if (choice.finish_reason !== null && choice.finish_reason !== undefined) {
      finishReason = choice.finish_reason;
      matchedStop = choice.stop_reason ?? choice.matched_stop;
      finishBlocks();
    }
  };

  const flush = function* (): Generator<AnthropicStreamEvent> {
    const ready = out;
    out = [];
    yield* ready;
  };

  let done = false;
  for await (const event of events) {
    if (event.type === 'error') {
      // Anthropic ends a failed stream with one `error` event: no block stops, no message_stop.
      yield* flush();
      yield anthropicErrorEvent(statusOfUpstreamError(event.error), event.error.message);
      return;
    }
    if (event.type === 'done') {
      done = true;
      break;
    }
    onChunk(event.chunk);
    yield* flush();
  }
  if (!done && finishReason === null) {
    yield anthropicErrorEvent(500, 'The upstream stream ended before the response was complete.');
    return;
  }
  if (!started) onChunk({});
  finishBlocks();
  const stop = anthropicStopReason(finishReason, { hasToolUse: [...tools.values()].some((call) => call.name !== ''), matchedStop, stopSequences: options.stopSequences });
  out.push({ type: 'message_delta', delta: stop, usage: anthropicUsage(usage) });
  out.push({ type: 'message_stop' });
  yield* flush();
}
