/**
 * Anthropic's signed thinking, carried through a Responses client. A Responses client served by an
 * `anthropic` provider gets Claude's thinking as a reasoning item; mid tool loop Anthropic wants
 * that thinking back, signed, at the start of the assistant turn that called the tools (without it
 * the router has to leave thinking off for the rest of the loop). The Responses API's place for
 * reasoning a client keeps and sends back is the reasoning item's `encrypted_content` (Codex CLI
 * and the AI SDK keep it and send it back), so the blocks travel there: the chat stream's
 * `thinking_blocks` pieces (see `../chat-to-anthropic/`) are joined into whole blocks, written into
 * the item's `encrypted_content` with a prefix of the router's own, and read back from a reasoning
 * input item into the assistant message's `thinking_blocks`, which the chat → Messages translator
 * puts first in the turn. The value is opaque to clients, not encrypted: the thinking text is in
 * the item's summary already, and the signature is Anthropic's, which it checks.
 */
import { wholeThinkingBlocks } from '../chat-to-anthropic/chat-request-to-messages.js';
import type { ChatThinkingBlock } from '../chat-to-anthropic/types.js';

/** What starts an `encrypted_content` this router wrote. */
export const THINKING_CONTENT_PREFIX = 'router.anthropic-thinking.v1:';

/** The blocks as an `encrypted_content` value, or undefined when there are none or one is not whole (Anthropic would refuse it). */
export function thinkingContent(blocks: readonly unknown[] | undefined): string | undefined {
  const whole = wholeThinkingBlocks(blocks);
  return whole === null ? undefined : THINKING_CONTENT_PREFIX + JSON.stringify(whole);
}

/** The blocks an `encrypted_content` this router wrote holds; null for any other value (OpenAI's own, or one that was altered). */
export function thinkingFromContent(value: unknown): ChatThinkingBlock[] | null {
  if (typeof value !== 'string' || !value.startsWith(THINKING_CONTENT_PREFIX)) return null;
  try {
    return wholeThinkingBlocks(JSON.parse(value.slice(THINKING_CONTENT_PREFIX.length)));
  } catch {
    return null;
  }
}

/**
 * Joins streamed `thinking_blocks` pieces into blocks, as the chat stream translator sends them:
 * `{type: "thinking", thinking}` pieces add text to the open block, a piece with a `signature`
 * closes it, and a `redacted_thinking` piece is a block of its own.
 */
export class ThinkingPieces {
  private blocks: ChatThinkingBlock[] = [];
  private open: { type: 'thinking'; thinking: string; signature?: string } | null = null;

  /** Takes the `thinking_blocks` of one chunk's delta. */
  add(pieces: unknown): void {
    if (!Array.isArray(pieces)) return;
    for (const value of pieces) {
      const piece = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
      if (piece.type === 'redacted_thinking' && typeof piece.data === 'string') {
        this.close();
        this.blocks.push({ type: 'redacted_thinking', data: piece.data });
        continue;
      }
      if (piece.type !== 'thinking') continue;
      this.open ??= { type: 'thinking', thinking: '' };
      if (typeof piece.thinking === 'string') this.open.thinking += piece.thinking;
      if (typeof piece.signature === 'string' && piece.signature.length > 0) {
        this.open.signature = piece.signature;
        this.close();
      }
    }
  }

  /** Pieces have arrived since the last `take`. */
  get pending(): boolean {
    return this.blocks.length > 0 || this.open !== null;
  }

  /** The blocks so far as an `encrypted_content` value (undefined unless every one is whole), and a fresh start. */
  take(): string | undefined {
    this.close();
    const content = thinkingContent(this.blocks);
    this.blocks = [];
    return content;
  }

  private close(): void {
    if (this.open !== null) this.blocks.push(this.open);
    this.open = null;
  }
}
