/** An Anthropic Messages request → an OpenAI chat completions request. */
import { deepestIssue, invalidAt, type Issue } from '../shared/request-issues.js';
import { messagesRequestSchema, type MessagesContentBlock, type MessagesRequest } from './request-schema.js';
import type { ChatContentPart, ChatMessage, ChatRequestBody, ChatTool, ChatToolCall, ChatToolChoice } from './types.js';

// Text blocks become one string: several OpenAI-compatible providers accept only string content,
// and a paragraph break is what separates blocks when a model reads them.
const BLOCK_SEPARATOR = '\n\n';

const invalid = invalidAt;

function joinText(blocks: readonly { text: string }[]): string {
  return blocks.map((block) => block.text).join(BLOCK_SEPARATOR);
}

function imagePart(source: { type: 'base64'; media_type: string; data: string } | { type: 'url'; url: string }): ChatContentPart {
  return { type: 'image_url', image_url: { url: source.type === 'base64' ? `data:${source.media_type};base64,${source.data}` : source.url } };
}

function documentPart(block: Extract<MessagesContentBlock, { type: 'document' }>): ChatContentPart {
  const source = block.source;
  // OpenAI chat takes a PDF as a `file` part with a data URL; text documents are plain text.
  if (source.type === 'base64') return { type: 'file', file: { file_data: `data:${source.media_type};base64,${source.data}`, ...(block.title ? { filename: block.title } : {}) } };
  const body = source.type === 'text' ? source.data : typeof source.content === 'string' ? source.content : joinText(source.content);
  return { type: 'text', text: block.title ? `${block.title}${BLOCK_SEPARATOR}${body}` : body };
}

/** A user message's parts as OpenAI content: a string when it is only text (see BLOCK_SEPARATOR). */
function userContent(parts: ChatContentPart[]): string | ChatContentPart[] {
  return parts.every((part) => part.type === 'text') ? joinText(parts as { text: string }[]) : parts;
}

/**
 * A tool result → a `tool` message, whose content can only be text. `is_error` has no OpenAI
 * field, so an error result is marked in its text (`Error: …`), which models read as a failed
 * call. Images in a result are returned separately: they follow in a user message.
 */
function toolMessage(block: Extract<MessagesContentBlock, { type: 'tool_result' }>): { message: ChatMessage; images: ChatContentPart[] } {
  const parts = typeof block.content === 'string' ? [{ type: 'text' as const, text: block.content }] : (block.content ?? []);
  const text = joinText(parts.filter((part) => part.type === 'text'));
  const images = parts.flatMap((part) => (part.type === 'image' ? [imagePart(part.source)] : []));
  const content = block.is_error === true ? `Error: ${text}` : text;
  return { message: { role: 'tool', tool_call_id: block.tool_use_id, content }, images };
}

/**
 * A user turn. OpenAI requires the answers to an assistant's tool calls to come right after it,
 * so every `tool_result` becomes a `tool` message first (in block order), then the turn's other
 * content (images from the results first, then the user's own blocks in order) as one user message.
 */
function userMessages(blocks: readonly MessagesContentBlock[], index: number): ChatMessage[] {
  const tools: ChatMessage[] = [];
  const resultImages: ChatContentPart[] = [];
  const parts: ChatContentPart[] = [];
  blocks.forEach((block, position) => {
    if (block.type === 'text') parts.push({ type: 'text', text: block.text });
    else if (block.type === 'image') parts.push(imagePart(block.source));
    else if (block.type === 'document') parts.push(documentPart(block));
    else if (block.type === 'tool_result') {
      const { message, images } = toolMessage(block);
      tools.push(message);
      resultImages.push(...images);
    } else if (block.type === 'tool_use') throw invalid(['messages', index, 'content', position], 'tool_use blocks belong in assistant messages');
  });
  const rest = [...resultImages, ...parts];
  return rest.length > 0 ? [...tools, { role: 'user', content: userContent(rest) }] : tools;
}

/**
 * An assistant turn: text blocks joined (with no separator: they are one continuous answer split
 * by tool calls or citations), `tool_use` blocks as `tool_calls`, the `thinking` blocks' text,
 * joined, as `reasoning_content`. Chat completions has no standard field for earlier reasoning and
 * some providers refuse `reasoning_content`, so the operation sends it only to a provider that takes
 * it back (`reasoning-history.ts`; DeepSeek's thinking mode requires it across tool calls).
 * `redacted_thinking` blocks and the signatures are Anthropic's own and are dropped. A turn left
 * without text or tool calls is omitted.
 */
function assistantMessage(blocks: readonly MessagesContentBlock[], index: number): ChatMessage[] {
  let text = '';
  let reasoning = '';
  const calls: ChatToolCall[] = [];
  blocks.forEach((block, position) => {
    if (block.type === 'text') text += block.text;
    else if (block.type === 'tool_use') calls.push({ id: block.id, type: 'function', function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) } });
    else if (block.type === 'thinking') {
      const thought = (block as { thinking?: unknown }).thinking;
      if (typeof thought === 'string') reasoning += thought;
    } else if (block.type !== 'redacted_thinking') throw invalid(['messages', index, 'content', position], `${block.type} blocks belong in user messages`);
  });
  if (text.length === 0 && calls.length === 0) return [];
  const message: Extract<ChatMessage, { role: 'assistant' }> = calls.length > 0 ? { role: 'assistant', content: text.length > 0 ? text : null, tool_calls: calls } : { role: 'assistant', content: text };
  if (reasoning.length > 0) message.reasoning_content = reasoning;
  return [message];
}

/** A `system` turn inside the conversation: its text, in place (chat keeps system messages where they are). */
function systemTurn(content: string | MessagesContentBlock[], index: number): string {
  if (typeof content === 'string') return content;
  const texts: { text: string }[] = [];
  content.forEach((block, at) => {
    if (block.type !== 'text') throw invalid(['messages', index, 'content', at, 'type'], `a system message may hold only text blocks, not "${block.type}"`);
    texts.push(block);
  });
  return joinText(texts);
}

function chatTools(tools: MessagesRequest['tools']): ChatTool[] {
  return (tools ?? []).map((tool, index) => {
    // Anthropic's own tools (`bash_…`, `web_search_…`, `text_editor_…`) have a type and no schema: only Anthropic can run or describe them.
    if (tool.input_schema === undefined) throw invalid(['tools', index], `tool "${tool.name}"${tool.type ? ` of type "${tool.type}"` : ''} has no input_schema; Anthropic's built-in tools cannot be sent to a provider that speaks OpenAI chat completions`);
    return { type: 'function', function: { name: tool.name, ...(tool.description !== undefined ? { description: tool.description } : {}), parameters: tool.input_schema } };
  });
}

function chatToolChoice(choice: NonNullable<MessagesRequest['tool_choice']>): ChatToolChoice {
  if (choice.type === 'any') return 'required';
  if (choice.type === 'tool') return { type: 'function', function: { name: choice.name } };
  return choice.type;
}

/**
 * Thinking → `reasoning_effort`. A budget maps by the steps Claude Code uses ("think" 4,000,
 * "think hard" 10,000, "ultrathink" 31,999 tokens): ≤ 4,096 → `low`, ≤ 16,384 → `medium`, more →
 * `high`; `enabled` without a budget → `medium`. Anthropic's `output_config.effort`, when sent,
 * wins (`max` → `high`). `disabled`, or adaptive thinking without an effort, sends nothing, leaving
 * the provider's default.
 */
export function reasoningEffort(request: Pick<MessagesRequest, 'thinking' | 'output_config'>): ChatRequestBody['reasoning_effort'] {
  if (request.thinking?.type === 'disabled') return undefined;
  const effort = request.output_config?.effort;
  if (effort === 'low' || effort === 'medium' || effort === 'high') return effort;
  if (effort === 'max') return 'high';
  if (request.thinking?.type !== 'enabled') return undefined;
  const budget = request.thinking.budget_tokens;
  if (budget === undefined) return 'medium';
  return budget <= 4096 ? 'low' : budget <= 16_384 ? 'medium' : 'high';
}

/** Validates an Anthropic Messages request body and builds the equivalent chat completions body; throws `InvalidRequestError` (Anthropic's 400 `invalid_request_error`). */
export function messagesRequestToChat(body: unknown): ChatRequestBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid([], 'The request body must be a JSON object.');
  const parsed = messagesRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = deepestIssue(parsed.error.issues[0], []);
    throw invalid(issue.path, issue.message);
  }
  const request = parsed.data;
  const messages: ChatMessage[] = [];
  const system = typeof request.system === 'string' ? request.system : joinText(request.system ?? []);
  if (system.length > 0) messages.push({ role: 'system', content: system });
  request.messages.forEach((message, index) => {
    if (message.role === 'system') messages.push({ role: 'system', content: systemTurn(message.content, index) });
    else if (typeof message.content === 'string') messages.push({ role: message.role, content: message.content });
    else messages.push(...(message.role === 'user' ? userMessages(message.content, index) : assistantMessage(message.content, index)));
  });

  const chat: ChatRequestBody = { model: request.model, messages, max_tokens: request.max_tokens };
  if (request.stream === true) Object.assign(chat, { stream: true, stream_options: { include_usage: true } });
  if (request.temperature !== undefined) chat.temperature = request.temperature;
  if (request.top_p !== undefined) chat.top_p = request.top_p;
  if (request.stop_sequences !== undefined && request.stop_sequences.length > 0) chat.stop = request.stop_sequences;
  if (typeof request.metadata?.user_id === 'string' && request.metadata.user_id.length > 0) chat.user = request.metadata.user_id;
  const tools = chatTools(request.tools);
  // OpenAI refuses `tool_choice` and `parallel_tool_calls` without tools, so they only go with tools.
  if (tools.length > 0) {
    chat.tools = tools;
    if (request.tool_choice !== undefined) chat.tool_choice = chatToolChoice(request.tool_choice);
    if (request.tool_choice !== undefined && 'disable_parallel_tool_use' in request.tool_choice && request.tool_choice.disable_parallel_tool_use === true) chat.parallel_tool_calls = false;
  }
  const effort = reasoningEffort(request);
  if (effort !== undefined) chat.reasoning_effort = effort;
  // Structured output (the AI SDK sends it for `Output.object`): the schema as OpenAI's json_schema format, not strict (OpenAI's strict mode refuses schemas Anthropic takes).
  const format = request.output_config?.format ?? request.output_format;
  if (format) chat.response_format = { type: 'json_schema', json_schema: { name: 'response', schema: format.schema } };
  return chat;
}
