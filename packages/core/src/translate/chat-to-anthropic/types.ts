/**
 * What this translator writes and reads beyond the types it shares with `anthropic-messages/`
 * (Anthropic's Message, content blocks, stream events, usage): the Messages request it builds,
 * and the OpenAI chat completion and chunk it produces. Only the fields the translation touches
 * are named.
 */
import type { AnthropicErrorType, ChatToolCall } from '../anthropic-messages/types.js';

/** A text block of a Messages request. */
export interface MessagesTextBlock {
  type: 'text';
  text: string;
}

/** An image block: base64 data (from a `data:` URL) or a URL. */
export interface MessagesImageBlock {
  type: 'image';
  source: { type: 'base64'; media_type: string; data: string } | { type: 'url'; url: string };
}

/** A document block (a PDF from a chat `file` part). */
export interface MessagesDocumentBlock {
  type: 'document';
  source: { type: 'base64'; media_type: string; data: string };
  title?: string;
}

/** An assistant's tool call in a request (from a chat `tool_calls` entry). */
export interface MessagesToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: Record<string, unknown>;
}

/** The answer to a tool call (from a chat `tool` message). */
export interface MessagesToolResultBlock {
  type: 'tool_result';
  tool_use_id: string;
  content?: string;
}

/**
 * Signed thinking as a chat message carries it (`thinking_blocks`, the shape LiteLLM gives
 * Anthropic's thinking in chat completions), and as it goes back into an assistant turn of a
 * Messages request: a `thinking` block with Anthropic's `signature`, or a `redacted_thinking` block.
 */
export type ChatThinkingBlock = { type: 'thinking'; thinking: string; signature?: string } | { type: 'redacted_thinking'; data: string };

/** A thinking block sent back in an assistant turn (complete: its text and its signature). */
export type MessagesThinkingBlock = { type: 'thinking'; thinking: string; signature: string } | { type: 'redacted_thinking'; data: string };

/** A content block of a Messages request. */
export type MessagesRequestBlock = MessagesTextBlock | MessagesImageBlock | MessagesDocumentBlock | MessagesToolUseBlock | MessagesToolResultBlock | MessagesThinkingBlock;

/** One turn of a Messages request. */
export interface MessagesRequestMessage {
  role: 'user' | 'assistant';
  content: string | MessagesRequestBlock[];
}

/** A Messages tool (a chat function tool). */
export interface MessagesTool {
  name: string;
  description?: string;
  input_schema: unknown;
}

/** Anthropic's `tool_choice`. */
export type MessagesToolChoice =
  | { type: 'auto'; disable_parallel_tool_use?: true }
  | { type: 'any'; disable_parallel_tool_use?: true }
  | { type: 'tool'; name: string; disable_parallel_tool_use?: true }
  | { type: 'none' };

/** Anthropic's extended thinking setting. */
export type MessagesThinking = { type: 'enabled'; budget_tokens: number } | { type: 'disabled' };

/** The Messages request this translator builds (Anthropic refuses fields it does not know, so nothing else is sent). */
export interface MessagesRequestBody {
  model: string;
  max_tokens: number;
  messages: MessagesRequestMessage[];
  system?: string | MessagesTextBlock[];
  stream?: true;
  temperature?: number;
  top_p?: number;
  top_k?: number;
  stop_sequences?: string[];
  tools?: MessagesTool[];
  tool_choice?: MessagesToolChoice;
  thinking?: MessagesThinking;
  metadata?: { user_id: string };
}

/** OpenAI usage as this translator reports it. */
export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number; cache_creation_input_tokens?: number };
}

/** OpenAI's `finish_reason`. */
export type ChatFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

/** The assistant message of a chat completion. */
export interface ChatCompletionMessage {
  role: 'assistant';
  content: string | null;
  refusal: null;
  reasoning_content?: string;
  /** The Message's thinking blocks with their signatures, in order (send them back on the assistant message to keep thinking on mid tool loop). */
  thinking_blocks?: ChatThinkingBlock[];
  tool_calls?: ChatToolCall[];
}

/** A whole chat completion (a non-streaming response). */
export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: [{ index: 0; message: ChatCompletionMessage; logprobs: null; finish_reason: ChatFinishReason }];
  usage: ChatUsage;
}

/** A tool call fragment in a chunk: the first names it, later ones add argument text. */
export interface ChatToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function: { name?: string; arguments: string };
}

/** What one chunk adds to the message. */
export interface ChatDelta {
  role?: 'assistant';
  content?: string;
  reasoning_content?: string;
  /**
   * A piece of a thinking block, as LiteLLM streams them: a thinking fragment (`thinking`), the
   * block's `signature` (with `thinking: ""`) when it is complete, or a whole `redacted_thinking` block.
   */
  thinking_blocks?: ChatThinkingBlock[];
  tool_calls?: ChatToolCallDelta[];
}

/** One chat completion chunk. The usage chunk has no choices; the others have exactly one. */
export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: { index: 0; delta: ChatDelta; logprobs: null; finish_reason: ChatFinishReason | null }[];
  usage?: ChatUsage;
}

/** The error event that ends a translated stream, in OpenAI's in-stream shape (`data: {"error":…}`). */
export interface ChatStreamError {
  error: { message: string; type: AnthropicErrorType | 'bad_response'; code: string; param: null };
}

/** An item of the translated stream: a chunk, the closing `[DONE]`, or an error that ends it. */
export type ChatStreamItem = { type: 'chunk'; chunk: ChatCompletionChunk } | { type: 'done' } | { type: 'error'; error: ChatStreamError };
