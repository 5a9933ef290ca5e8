/**
 * The two wire formats this translator speaks, as TypeScript types: the parts of the Anthropic
 * Messages API it produces, and the parts of OpenAI chat completions it reads and writes. Only
 * the fields the translation touches are named; everything else stays `unknown`.
 */

/** An Anthropic content block in a response (`content[]`, or a stream's `content_block_start`). */
export type AnthropicContentBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown };

/** Why the model stopped, in Anthropic's terms. */
export type AnthropicStopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'refusal';

/** Token counts in Anthropic's shape: `input_tokens` excludes cache reads, which are counted separately. */
export interface AnthropicUsage {
  /** Prompt tokens that were not read from a cache. */
  input_tokens: number;
  /** Prompt tokens written to a cache (0 when the upstream reports none). */
  cache_creation_input_tokens: number;
  /** Prompt tokens read from a cache (0 when the upstream reports none). */
  cache_read_input_tokens: number;
  /** Generated tokens, reasoning included. */
  output_tokens: number;
}

/** A whole Anthropic Message (a non-streaming response, or `message_start`'s snapshot). */
export interface AnthropicMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicContentBlock[];
  stop_reason: AnthropicStopReason | null;
  stop_sequence: string | null;
  usage: AnthropicUsage;
}

/** Anthropic error types, as its API names them. */
export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'timeout_error'
  | 'overloaded_error';

/** The `error` member of an Anthropic error body or stream event. */
export interface AnthropicErrorDetail {
  type: AnthropicErrorType;
  message: string;
}

/** A content block delta in a stream. */
export type AnthropicDelta =
  | { type: 'text_delta'; text: string }
  | { type: 'thinking_delta'; thinking: string }
  | { type: 'input_json_delta'; partial_json: string };

/** One Anthropic stream event (`event: <type>` carries the same name as `type`). */
export type AnthropicStreamEvent =
  | { type: 'message_start'; message: AnthropicMessage }
  | { type: 'content_block_start'; index: number; content_block: AnthropicContentBlock }
  | { type: 'content_block_delta'; index: number; delta: AnthropicDelta }
  | { type: 'content_block_stop'; index: number }
  | { type: 'message_delta'; delta: { stop_reason: AnthropicStopReason; stop_sequence: string | null }; usage: AnthropicUsage }
  | { type: 'message_stop' }
  | { type: 'ping' }
  | { type: 'error'; error: AnthropicErrorDetail };

/** An OpenAI chat message as this translator writes it. */
export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string | ChatContentPart[] }
  | { role: 'assistant'; content: string | null; tool_calls?: ChatToolCall[]; /** Earlier reasoning, for a provider that takes it back. */ reasoning_content?: string }
  | { role: 'tool'; tool_call_id: string; content: string };

/** An OpenAI content part of a user message. */
export type ChatContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string } }
  | { type: 'file'; file: { file_data: string; filename?: string } };

/** An OpenAI assistant tool call. */
export interface ChatToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** An OpenAI function tool. */
export interface ChatTool {
  type: 'function';
  function: { name: string; description?: string; parameters: unknown };
}

/** The OpenAI `tool_choice` forms. */
export type ChatToolChoice = 'auto' | 'required' | 'none' | { type: 'function'; function: { name: string } };

/** The OpenAI chat completions request this translator builds. */
export interface ChatRequestBody {
  model: string;
  messages: ChatMessage[];
  max_tokens: number;
  stream?: boolean;
  stream_options?: { include_usage: true };
  temperature?: number;
  top_p?: number;
  stop?: string[];
  user?: string;
  tools?: ChatTool[];
  tool_choice?: ChatToolChoice;
  parallel_tool_calls?: false;
  reasoning_effort?: 'low' | 'medium' | 'high';
  response_format?: { type: 'json_schema'; json_schema: { name: string; schema: Record<string, unknown> } };
}

/** One item of a parsed upstream chat stream: a chunk (a `data:` JSON object), `[DONE]`, or an error the upstream reported. */
export type ChatStreamEvent =
  | { type: 'chunk'; chunk: Record<string, unknown> }
  | { type: 'done' }
  | { type: 'error'; error: UpstreamStreamError };

/** An error an upstream reported inside its stream (its `{"error":…}` event), or a stream that could not be read. */
export interface UpstreamStreamError {
  /** The upstream's message. */
  message: string;
  /** The upstream's `type`, if any (`rate_limit_error`, `server_error`, …). */
  type?: string;
  /** The upstream's `code`, if any (a string or an HTTP-like number). */
  code?: string | number;
}
