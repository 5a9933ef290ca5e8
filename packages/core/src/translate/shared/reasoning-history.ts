/**
 * Earlier reasoning in a translated chat request. A translation keeps every kind of reasoning the
 * client sent back on the assistant message it belongs to: Anthropic's signed thinking
 * (`thinking_blocks`, which only the `anthropic` type reads) and reasoning as text
 * (`reasoning_content`, which only a provider whose `reasoningHistory` is `reasoning_content` takes
 * back: DeepSeek's thinking mode requires it across tool calls). Each provider then gets the body
 * with only the kind it reads: an OpenAI-compatible provider might refuse either unknown field.
 */
import type { ProviderInstance } from '../../spec/adapter.js';

/** The earlier reasoning a provider reads: Anthropic's signed thinking, reasoning as text, or none. */
export type KeptReasoning = 'thinking_blocks' | 'reasoning_content' | null;

/** The kind of earlier reasoning a provider reads. */
export function keptReasoningOf(instance: Pick<ProviderInstance, 'chatApi' | 'reasoningHistory'>): KeptReasoning {
  if (instance.chatApi === 'messages') return 'thinking_blocks';
  return instance.reasoningHistory === 'reasoning_content' ? 'reasoning_content' : null;
}

/** What this module reads of a chat message (both translators' message types have it). */
interface ReasoningMessage {
  role: string;
  content?: unknown;
  tool_calls?: readonly unknown[];
  thinking_blocks?: readonly unknown[];
  reasoning_content?: string;
}

/**
 * The chat request with only the earlier reasoning `keep` names. An assistant message left with no
 * content and no tool calls is left out (reasoning text alone is no chat turn), unless it holds
 * Anthropic's signed thinking for the `anthropic` type (its translator sends that). The same body
 * when no message carries anything to remove.
 */
export function withReasoningFor<Body extends { messages: readonly object[] }>(chat: Body, keep: KeptReasoning): Body {
  const empty = (message: ReasoningMessage) => message.content === null && (message.tool_calls?.length ?? 0) === 0;
  const strips = (message: ReasoningMessage) =>
    message.role === 'assistant' &&
    ((keep !== 'thinking_blocks' && message.thinking_blocks !== undefined) ||
      (message.reasoning_content !== undefined && (keep !== 'reasoning_content' || empty(message))));
  const messages = chat.messages as readonly ReasoningMessage[];
  if (!messages.some(strips)) return chat;
  const kept = messages.flatMap((message) => {
    if (!strips(message)) return [message];
    const { thinking_blocks: thinking, reasoning_content: reasoning, ...rest } = message;
    if (empty(rest) && !(keep === 'thinking_blocks' && thinking !== undefined)) return [];
    if (keep === 'thinking_blocks' && thinking !== undefined) return [{ ...rest, thinking_blocks: thinking }];
    if (keep === 'reasoning_content' && reasoning !== undefined) return [{ ...rest, reasoning_content: reasoning }];
    return [rest];
  });
  return { ...chat, messages: kept };
}

/**
 * A translated request's bodies for each kind of provider, and their texts, each made once however
 * many targets are tried; without any earlier reasoning (the usual case) every provider gets the one
 * translated body and its one text.
 */
export class ReasoningBodies<Body extends { messages: readonly object[] }> {
  private readonly made = new Map<KeptReasoning, { body: Body; raw: string }>();
  private fullText: string | undefined;

  constructor(readonly full: Body) {}

  /** The body for a provider that reads `keep`, and its JSON text. */
  for(keep: KeptReasoning): { body: Body; raw: string } {
    let made = this.made.get(keep);
    if (!made) {
      const body = withReasoningFor(this.full, keep);
      made = { body, raw: body === this.full ? (this.fullText ??= JSON.stringify(body)) : JSON.stringify(body) };
      this.made.set(keep, made);
    }
    return made;
  }
}
