/**
 * An Anthropic Messages stream → OpenAI chat completion chunks, and those as SSE bytes
 * (`data: {…}\n\n` … `data: [DONE]\n\n`). The translator is a state machine fed one event at a
 * time, so the byte-level function can turn each upstream chunk into at most one write.
 */
import { asObject, chatFinishReason, chatUsage, emptyCounts, randomChatId, readCounts, unixSeconds, type AnthropicCounts } from './messages-mapping.js';
import { createAnthropicSseParser, type AnthropicWireEvent } from './parse-anthropic-sse.js';
import type { ChatCompletionChunk, ChatDelta, ChatStreamError, ChatStreamItem, ChatUsage } from './types.js';

/** Options of the stream translation. */
export interface MessagesStreamOptions {
  /** The client asked `stream_options.include_usage`: usage comes in its own last chunk with no choices, as OpenAI sends it. Otherwise it rides on the `finish_reason` chunk. */
  includeUsage?: boolean;
  /** The model to report until `message_start` names one. */
  model?: string;
  /** Unix seconds for `created` (default: now, read once per stream). */
  now?: () => number;
  /** An id when the stream has no `message_start` id (default: random `chatcmpl-…`). */
  generateId?: () => string;
}

/** A translator for one stream: `push` each event, then `end` once. */
export interface MessagesStreamTranslator {
  /** Translates one event; returns the items it produced (none for most bookkeeping events). */
  push(event: AnthropicWireEvent): ChatStreamItem[];
  /** The upstream ended: what is still owed (the closing chunks, or an error if the message never finished). */
  end(): ChatStreamItem[];
}

interface ToolBlock {
  /** The tool call's `index` in chat chunks (0, 1, … in the order the calls start). */
  index: number;
  /** Whether any argument text was sent. */
  sentArguments: boolean;
  /** The input `content_block_start` carried, sent as the arguments if no delta follows. */
  startInput: unknown;
}

function streamError(type: ChatStreamError['error']['type'], message: string): ChatStreamItem {
  return { type: 'error', error: { error: { message, type, code: type, param: null } } };
}

/** An Anthropic `error` event's detail → the chat stream's error item. */
function upstreamError(event: AnthropicWireEvent): ChatStreamItem {
  const detail = asObject(event.error) ?? {};
  const type = typeof detail.type === 'string' && detail.type.length > 0 ? detail.type : 'api_error';
  const message = typeof detail.message === 'string' && detail.message.length > 0 ? detail.message : 'The upstream reported an error in its stream.';
  return streamError(type as ChatStreamError['error']['type'], message);
}

/**
 * Creates the translator. What each event becomes:
 * - `message_start`: nothing yet (its id, model and input usage are kept). The first chunk, with
 *   `role`, waits for the first content block, so an error right after `message_start` (Anthropic's
 *   mid-stream overload) reaches the router before anything is sent and can still fail over.
 * - `content_block_start`: a `tool_use` block → the tool call's first fragment (`id`, `name`, empty
 *   arguments) at the next tool `index`; text and thinking blocks → nothing until their deltas.
 * - `text_delta` → `content`; `thinking_delta` → `reasoning_content`, and the same text as a
 *   `thinking_blocks` piece (`[{type: "thinking", thinking}]`); `signature_delta` → a piece with the
 *   signature (`[{type: "thinking", thinking: "", signature}]`); a `redacted_thinking` block → a
 *   piece that is the whole block. That is how LiteLLM streams Anthropic's thinking, so clients
 *   written for it rebuild each signed block and send it back. `input_json_delta` → that call's
 *   `arguments` fragment (empty fragments skipped); `citations_delta` and blocks of other types
 *   (server tools) → nothing.
 * - `content_block_stop` of a tool call that sent no argument text → its input from the block
 *   start as JSON, `{}` when empty: chat clients parse `arguments`, and `""` is not JSON.
 * - `message_delta`: its stop reason and usage are kept. `message_stop` (or the end of a stream
 *   that had its `message_delta`) → the `finish_reason` chunk, the usage chunk when asked, `[DONE]`.
 * - `ping` and unknown events → nothing. An `error` event → an error item, and the end.
 */
export function createMessagesStreamTranslator(options: MessagesStreamOptions = {}): MessagesStreamTranslator {
  let id = '';
  let model = options.model ?? '';
  let created: number | undefined;
  let started = false;
  let finished = false;
  let stopReason: unknown;
  let sawMessageDelta = false;
  const counts: AnthropicCounts = emptyCounts();
  const tools = new Map<number, ToolBlock>();
  /** Block indexes of text and thinking blocks. */
  const kinds = new Map<number, 'text' | 'thinking'>();

  const chunk = (delta: ChatDelta, finishReason: ChatCompletionChunk['choices'][number]['finish_reason'] = null, usage?: ChatUsage): ChatStreamItem => {
    if (id === '') id = (options.generateId ?? randomChatId)();
    created ??= (options.now ?? unixSeconds)();
    const value: ChatCompletionChunk = { id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] };
    if (usage) value.usage = usage;
    return { type: 'chunk', chunk: value };
  };
  const opening = (items: ChatStreamItem[]) => {
    if (started) return;
    started = true;
    items.push(chunk({ role: 'assistant', content: '' }));
  };
  const closing = (): ChatStreamItem[] => {
    finished = true;
    const items: ChatStreamItem[] = [];
    opening(items);
    const usage = chatUsage(counts);
    items.push(chunk({}, chatFinishReason(stopReason, tools.size > 0), options.includeUsage ? undefined : usage));
    // as OpenAI sends it: after the finish_reason chunk, with no choices
    if (options.includeUsage) items.push({ type: 'chunk', chunk: { id, object: 'chat.completion.chunk', created: created ?? 0, model, choices: [], usage } });
    items.push({ type: 'done' });
    return items;
  };

  return {
    push(event) {
      if (finished) return [];
      const items: ChatStreamItem[] = [];
      switch (event.type) {
        case 'message_start': {
          const message = asObject(event.message) ?? {};
          if (typeof message.id === 'string' && message.id.length > 0 && id === '') id = message.id;
          if (typeof message.model === 'string' && message.model.length > 0) model = message.model;
          readCounts(counts, message.usage);
          break;
        }
        case 'content_block_start': {
          const index = Number(event.index);
          const block = asObject(event.content_block) ?? {};
          if (block.type === 'tool_use') {
            opening(items);
            const tool: ToolBlock = { index: tools.size, sentArguments: false, startInput: block.input };
            tools.set(index, tool);
            items.push(chunk({ tool_calls: [{ index: tool.index, id: String(block.id ?? ''), type: 'function', function: { name: String(block.name ?? ''), arguments: '' } }] }));
          } else if (block.type === 'text' || block.type === 'thinking') {
            opening(items);
            kinds.set(index, block.type);
            // A block may start with content of its own (Anthropic's start with "").
            const initial = block.type === 'text' ? block.text : block.thinking;
            if (typeof initial === 'string' && initial.length > 0) items.push(chunk(block.type === 'text' ? { content: initial } : { reasoning_content: initial, thinking_blocks: [{ type: 'thinking', thinking: initial }] }));
          } else if (block.type === 'redacted_thinking' && typeof block.data === 'string') {
            opening(items);
            items.push(chunk({ thinking_blocks: [{ type: 'redacted_thinking', data: block.data }] }));
          }
          break;
        }
        case 'content_block_delta': {
          const index = Number(event.index);
          const delta = asObject(event.delta) ?? {};
          if (delta.type === 'text_delta' && typeof delta.text === 'string' && delta.text.length > 0 && kinds.get(index) === 'text') items.push(chunk({ content: delta.text }));
          else if (delta.type === 'thinking_delta' && typeof delta.thinking === 'string' && delta.thinking.length > 0 && kinds.get(index) === 'thinking') {
            items.push(chunk({ reasoning_content: delta.thinking, thinking_blocks: [{ type: 'thinking', thinking: delta.thinking }] }));
          } else if (delta.type === 'signature_delta' && typeof delta.signature === 'string' && delta.signature.length > 0 && kinds.get(index) === 'thinking') {
            items.push(chunk({ thinking_blocks: [{ type: 'thinking', thinking: '', signature: delta.signature }] }));
          }
          else if (delta.type === 'input_json_delta' && typeof delta.partial_json === 'string' && delta.partial_json.length > 0) {
            const tool = tools.get(index);
            if (tool) {
              tool.sentArguments = true;
              items.push(chunk({ tool_calls: [{ index: tool.index, function: { arguments: delta.partial_json } }] }));
            }
          }
          break;
        }
        case 'content_block_stop': {
          const tool = tools.get(Number(event.index));
          if (tool && !tool.sentArguments) {
            tool.sentArguments = true;
            const input = asObject(tool.startInput);
            items.push(chunk({ tool_calls: [{ index: tool.index, function: { arguments: input && Object.keys(input).length > 0 ? JSON.stringify(input) : '{}' } }] }));
          }
          break;
        }
        case 'message_delta': {
          sawMessageDelta = true;
          const delta = asObject(event.delta) ?? {};
          if (delta.stop_reason !== undefined) stopReason = delta.stop_reason;
          readCounts(counts, event.usage);
          break;
        }
        case 'message_stop':
          return closing();
        case 'error':
          finished = true;
          return [upstreamError(event)];
        default:
          // `ping`, and event types Anthropic may add: nothing to say in chat.
          break;
      }
      return items;
    },
    end() {
      if (finished) return [];
      if (sawMessageDelta) return closing();
      finished = true;
      return [streamError('api_error', 'The upstream stream ended before the message was complete.')];
    },
  };
}

/** Translates a stream of Anthropic events into chat stream items. */
export async function* messagesStreamToChat(events: AsyncIterable<AnthropicWireEvent>, options: MessagesStreamOptions = {}): AsyncGenerator<ChatStreamItem> {
  const translator = createMessagesStreamTranslator(options);
  for await (const event of events) yield* translator.push(event);
  yield* translator.end();
}

/** One chat stream item as SSE text: `data: <json>\n\n`, or `data: [DONE]\n\n`. */
export function chatSseText(item: ChatStreamItem): string {
  if (item.type === 'done') return 'data: [DONE]\n\n';
  return `data: ${JSON.stringify(item.type === 'chunk' ? item.chunk : item.error)}\n\n`;
}

const encoder = new TextEncoder();

/**
 * Anthropic SSE bytes → chat completion SSE bytes: one write per upstream chunk that completed an
 * event with something to say. A stream that failed ends with its `data: {"error":…}` event and no
 * `[DONE]`, which the router's stream relay recognises as the upstream reporting an error.
 */
export async function* messagesSseToChatSse(body: AsyncIterable<Uint8Array>, options: MessagesStreamOptions = {}): AsyncGenerator<Uint8Array> {
  const parser = createAnthropicSseParser();
  const translator = createMessagesStreamTranslator(options);
  let ended = false;
  const text = (events: AnthropicWireEvent[], last: boolean): string => {
    let out = '';
    for (const event of events) {
      for (const item of translator.push(event)) {
        out += chatSseText(item);
        if (item.type !== 'chunk') ended = true;
      }
    }
    if (last) for (const item of translator.end()) out += chatSseText(item);
    return out;
  };
  for await (const chunk of body) {
    const out = text(parser.feed(chunk), false);
    if (out.length > 0) yield encoder.encode(out);
    // After [DONE] or an error nothing more is read: the upstream is let go by the caller.
    if (ended) return;
  }
  const out = text(parser.end(), true);
  if (out.length > 0) yield encoder.encode(out);
}
