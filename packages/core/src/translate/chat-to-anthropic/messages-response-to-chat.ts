/** An Anthropic Message (a non-streaming Messages response) → an OpenAI chat completion. */
import { UpstreamError } from '../../errors.js';
import type { ChatToolCall } from '../anthropic-messages/types.js';
import { asObject, chatFinishReason, chatUsage, emptyCounts, randomChatId, readCounts, unixSeconds } from './messages-mapping.js';
import type { ChatCompletion, ChatCompletionMessage, ChatThinkingBlock } from './types.js';

/** Options of `messagesResponseToChat`. */
export interface MessagesResponseOptions {
  /** The model to report when the Message names none. */
  model?: string;
  /** Unix seconds for `created` (default: now). */
  now?: () => number;
  /** An id when the Message has none (default: random `chatcmpl-…`). */
  generateId?: () => string;
}

/**
 * Translates a Message. Text blocks are concatenated (they are one answer, split by tool calls
 * or citations); `thinking` blocks → `reasoning_content`, and with `redacted_thinking` blocks
 * → `thinking_blocks` as they are, signatures included (LiteLLM's field: a client sends them back
 * on the assistant message to keep thinking on mid tool loop); `tool_use` → `tool_calls` with the
 * input as JSON text; other block types (server tools' blocks) are skipped. Throws `UpstreamError`
 * (502) when the body is not a Message.
 */
export function messagesResponseToChat(json: unknown, options: MessagesResponseOptions = {}): ChatCompletion {
  const message = asObject(json);
  if (!message || !Array.isArray(message.content)) {
    throw new UpstreamError('The Anthropic provider answered with a body that is not a Message (no content array).', { status: 502, code: 'upstream_bad_response', retryable: true, outcome: 'bad_response' });
  }
  let text = '';
  let reasoning = '';
  const thinkingBlocks: ChatThinkingBlock[] = [];
  let sawText = false;
  const calls: ChatToolCall[] = [];
  for (const raw of message.content) {
    const block = asObject(raw);
    if (!block) continue;
    if (block.type === 'text' && typeof block.text === 'string') {
      text += block.text;
      sawText = true;
    } else if (block.type === 'thinking' && typeof block.thinking === 'string') {
      reasoning += block.thinking;
      thinkingBlocks.push(typeof block.signature === 'string' ? { type: 'thinking', thinking: block.thinking, signature: block.signature } : { type: 'thinking', thinking: block.thinking });
    } else if (block.type === 'redacted_thinking' && typeof block.data === 'string') thinkingBlocks.push({ type: 'redacted_thinking', data: block.data });
    else if (block.type === 'tool_use' && typeof block.name === 'string') {
      calls.push({ id: typeof block.id === 'string' ? block.id : `toolu_${calls.length}`, type: 'function', function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) } });
    }
  }
  const chatMessage: ChatCompletionMessage = { role: 'assistant', content: sawText || calls.length === 0 ? text : null, refusal: null };
  if (reasoning.length > 0) chatMessage.reasoning_content = reasoning;
  if (thinkingBlocks.length > 0) chatMessage.thinking_blocks = thinkingBlocks;
  if (calls.length > 0) chatMessage.tool_calls = calls;
  return {
    id: typeof message.id === 'string' && message.id.length > 0 ? message.id : (options.generateId ?? randomChatId)(),
    object: 'chat.completion',
    created: (options.now ?? unixSeconds)(),
    model: typeof message.model === 'string' && message.model.length > 0 ? message.model : (options.model ?? ''),
    choices: [{ index: 0, message: chatMessage, logprobs: null, finish_reason: chatFinishReason(message.stop_reason, calls.length > 0) }],
    usage: chatUsage(readCounts(emptyCounts(), message.usage)),
  };
}
