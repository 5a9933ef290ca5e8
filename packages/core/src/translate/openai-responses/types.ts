/**
 * The parts of the OpenAI Responses API this translator produces, and the chat completions request
 * it builds, as TypeScript types. Only the fields the translation writes are named; the chat stream
 * events it reads are the Anthropic translator's (`ChatStreamEvent`, from its `parseSseEvents`).
 */
import type { ChatThinkingBlock } from '../chat-to-anthropic/types.js';

/** A text part of an output message. */
export interface ResponsesOutputText {
  type: 'output_text';
  text: string;
  annotations: unknown[];
  logprobs: unknown[];
}

/** A refusal part of an output message (an OpenAI `refusal`). */
export interface ResponsesOutputRefusal {
  type: 'refusal';
  refusal: string;
}

/** The status of an output item. */
export type ResponsesItemStatus = 'in_progress' | 'completed' | 'incomplete';

/** An assistant message item. */
export interface ResponsesMessageItem {
  type: 'message';
  id: string;
  status: ResponsesItemStatus;
  role: 'assistant';
  content: Array<ResponsesOutputText | ResponsesOutputRefusal>;
}

/** A reasoning item: the upstream's `reasoning_content` as one summary text. */
export interface ResponsesReasoningItem {
  type: 'reasoning';
  id: string;
  status?: ResponsesItemStatus;
  summary: Array<{ type: 'summary_text'; text: string }>;
  /** Anthropic's signed thinking, for the client to send back (see `thinking-blocks.ts`). */
  encrypted_content?: string;
}

/** A function call item; `namespace` is set for a function of a `namespace` tool. */
export interface ResponsesFunctionCallItem {
  type: 'function_call';
  id: string;
  status: ResponsesItemStatus;
  call_id: string;
  name: string;
  namespace?: string;
  arguments: string;
}

/** A call of a custom (freeform) tool: its raw-text `input`; `namespace` is set for a tool of a `namespace` tool. */
export interface ResponsesCustomToolCallItem {
  type: 'custom_tool_call';
  id: string;
  status: ResponsesItemStatus;
  call_id: string;
  name: string;
  namespace?: string;
  input: string;
}

/** One item of a response's `output`. */
export type ResponsesOutputItem = ResponsesMessageItem | ResponsesReasoningItem | ResponsesFunctionCallItem | ResponsesCustomToolCallItem;

/** Token counts in the Responses shape: `input_tokens` includes cached tokens, `output_tokens` includes reasoning. */
export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

/** The status of a response. */
export type ResponsesStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

/** A Response object (`object: "response"`), as the API returns it and as stream lifecycle events carry it. */
export interface ResponsesResponse {
  id: string;
  object: 'response';
  created_at: number;
  status: ResponsesStatus;
  completed_at: number | null;
  background: false;
  error: { code: string; message: string } | null;
  incomplete_details: { reason: 'max_output_tokens' | 'content_filter' } | null;
  instructions: string | null;
  max_output_tokens: number | null;
  max_tool_calls: number | null;
  model: string;
  output: ResponsesOutputItem[];
  parallel_tool_calls: boolean;
  previous_response_id: string | null;
  reasoning: { effort: string | null; summary: string | null };
  service_tier: string;
  store: boolean;
  temperature: number;
  text: { format: unknown; verbosity: string };
  tool_choice: unknown;
  tools: unknown[];
  top_logprobs: number;
  top_p: number;
  truncation: string;
  usage: ResponsesUsage | null;
  user: string | null;
  metadata: Record<string, string>;
}

/** A content part as the `content_part` events carry it. */
export type ResponsesContentPart = ResponsesOutputText | ResponsesOutputRefusal;

/** One Responses stream event, without its `sequence_number` (added when it is emitted). */
export type ResponsesStreamEventBody =
  | { type: 'response.created' | 'response.in_progress' | 'response.completed' | 'response.incomplete' | 'response.failed'; response: ResponsesResponse }
  | { type: 'response.output_item.added' | 'response.output_item.done'; output_index: number; item: ResponsesOutputItem }
  | { type: 'response.content_part.added' | 'response.content_part.done'; item_id: string; output_index: number; content_index: number; part: ResponsesContentPart }
  | { type: 'response.output_text.delta'; item_id: string; output_index: number; content_index: number; delta: string; logprobs: unknown[] }
  | { type: 'response.output_text.done'; item_id: string; output_index: number; content_index: number; text: string; logprobs: unknown[] }
  | { type: 'response.refusal.delta'; item_id: string; output_index: number; content_index: number; delta: string }
  | { type: 'response.refusal.done'; item_id: string; output_index: number; content_index: number; refusal: string }
  | { type: 'response.function_call_arguments.delta'; item_id: string; output_index: number; delta: string }
  | { type: 'response.function_call_arguments.done'; item_id: string; output_index: number; name: string; arguments: string }
  | { type: 'response.custom_tool_call_input.delta'; item_id: string; output_index: number; delta: string }
  | { type: 'response.custom_tool_call_input.done'; item_id: string; output_index: number; input: string }
  | { type: 'response.reasoning_summary_part.added' | 'response.reasoning_summary_part.done'; item_id: string; output_index: number; summary_index: number; part: { type: 'summary_text'; text: string } }
  | { type: 'response.reasoning_summary_text.delta'; item_id: string; output_index: number; summary_index: number; delta: string }
  | { type: 'response.reasoning_summary_text.done'; item_id: string; output_index: number; summary_index: number; text: string };

/** One Responses stream event (`event: <type>` carries the same name as `type`). */
export type ResponsesStreamEvent = ResponsesStreamEventBody & { sequence_number: number };

/** An OpenAI chat message as this translator writes it. */
export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string | ChatContentPart[] }
  | { role: 'assistant'; content: string | null; tool_calls?: ChatToolCall[]; thinking_blocks?: ChatThinkingBlock[]; /** Earlier reasoning as text, for a provider that takes it back. */ reasoning_content?: string }
  | { role: 'tool'; tool_call_id: string; content: string };

/** An OpenAI content part of a user message. */
export type ChatContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string; detail?: string } }
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
  function: { name: string; description?: string; parameters?: unknown; strict?: boolean };
}

/** The OpenAI `tool_choice` forms. */
export type ChatToolChoice = 'auto' | 'required' | 'none' | { type: 'function'; function: { name: string } };

/** The OpenAI chat completions request this translator builds (a type alias, so it is a `ChatCompletionBody`). */
export type ChatRequestBody = {
  model: string;
  messages: ChatMessage[];
  stream?: boolean;
  stream_options?: { include_usage: true };
  max_tokens?: number;
  temperature?: number;
  top_p?: number;
  user?: string;
  tools?: ChatTool[];
  tool_choice?: ChatToolChoice;
  parallel_tool_calls?: false;
  reasoning_effort?: string;
  response_format?: { type: 'json_object' } | { type: 'json_schema'; json_schema: { name: string; schema: unknown; description?: string; strict?: boolean } };
};

/**
 * Tools whose chat name is not simply the client's function name: the name the upstream sees → the
 * name the client knows, with its `namespace` (a function or custom tool of a `namespace` tool,
 * flattened) and `custom: true` for a custom (freeform) tool offered as a function with one `input`
 * string, whose calls go back to the client as `custom_tool_call` items.
 */
export type NamespacedToolNames = Record<string, { namespace?: string; name: string; custom?: true }>;
