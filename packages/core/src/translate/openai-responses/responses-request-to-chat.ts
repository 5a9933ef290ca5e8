/** An OpenAI Responses request → an OpenAI chat completions request. */
import { invalidAt } from '../shared/request-issues.js';
import { ChatHistory, isItemReference } from './input-items.js';
import { responsesRequestSchema, type ResponsesRequest } from './request-schema.js';
import { translateToolChoice, translateTools } from './tools.js';
import type { ChatMessage, ChatRequestBody, NamespacedToolNames } from './types.js';

/** The earlier turn a `previous_response_id` names: what the router kept of it. */
export interface PreviousResponse {
  /** The full input of that turn (as `ResponsesTranslation.input` returned it: its own history included). */
  input: readonly unknown[];
  /** The output items of that turn's response. */
  output: readonly unknown[];
}

/** Options for `responsesRequestToChat`. */
export interface ResponsesRequestOptions {
  /** The response `previous_response_id` names, looked up by the caller (an unknown id is the caller's 400). */
  previous?: PreviousResponse;
  /**
   * Finds an item an `item_reference` names, by id, among what the caller kept (the previous
   * response's items are found without it). The AI SDK sends its earlier text this way, without a
   * `previous_response_id`; `itemReferenceIds(body)` lists the ids a request names.
   */
  lookupItem?: (id: string) => unknown;
  /** Refuse hosted tools (`web_search`, `file_search`, …) with a 400 instead of dropping them. */
  refuseHostedTools?: boolean;
}

/** A translated request: the chat body, and what the response translation and the log need. */
export interface ResponsesTranslation {
  /** The chat completions body to send upstream. */
  chat: ChatRequestBody;
  /** The validated Responses request (echoed in the response). */
  request: ResponsesRequest;
  /** The whole conversation as input items (previous turn and item references resolved): keep it with the response for a later `previous_response_id`. */
  input: unknown[];
  /** Type names of the tools dropped (hosted tools and custom tools), for a response header and the log. */
  dropped: string[];
  /** Types of input items left out of the chat request (reasoning, calls of hosted tools). */
  droppedItems: string[];
  /** Flattened chat function name → namespace and name, to map calls back. */
  toolNames: NamespacedToolNames;
  /** The client's tools that were offered to the model (dropped ones left out), echoed in the response. */
  tools: unknown[];
}

const invalid = invalidAt;

function itemId(item: unknown): string | null {
  const id = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id.length > 0 ? id : null;
}

/**
 * The system messages before the first other message (`instructions`, then the `system` and
 * `developer` items Codex puts first) as one: several providers' chat templates take a single
 * system message at the start and refuse more. Later system messages stay where they are.
 */
function leadingSystemJoined(messages: ChatMessage[]): ChatMessage[] {
  let count = 0;
  while (count < messages.length && messages[count].role === 'system') count += 1;
  if (count < 2) return messages;
  const content = messages.slice(0, count).map((message) => message.content as string).join('\n\n');
  return [{ role: 'system', content }, ...messages.slice(count)];
}

/** The ids of the `item_reference`s in a Responses request body's `input` (for a caller that looks items up ahead, e.g. to fetch them in one read). */
export function itemReferenceIds(body: unknown): string[] {
  const input = typeof body === 'object' && body !== null ? (body as { input?: unknown }).input : undefined;
  if (!Array.isArray(input)) return [];
  return input.flatMap((item) => (isItemReference(item) && itemId(item) !== null ? [itemId(item)!] : []));
}

/**
 * `reasoning.effort` → `reasoning_effort`, passed as it is (OpenAI's chat API takes the same
 * values; the Qwen adapter maps them to a thinking budget), except `max`, which chat does not
 * know: it becomes `xhigh`.
 */
function reasoningEffort(effort: string | null | undefined): string | undefined {
  if (effort === null || effort === undefined) return undefined;
  return effort === 'max' ? 'xhigh' : effort;
}

/**
 * Validates a Responses request body and builds the equivalent chat completions body. Throws
 * `InvalidRequestError` (400 `invalid_request_error`, `param` = the field path) for bad input, for
 * features that need state the router does not keep (`background`, `conversation`, stored
 * `prompt`s), and for a `previous_response_id` without `options.previous`.
 */
export function responsesRequestToChat(body: unknown, options: ResponsesRequestOptions = {}): ResponsesTranslation {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid([], 'The request body must be a JSON object.');
  const parsed = responsesRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(issue.path, issue.message);
  }
  const request = parsed.data;
  if (request.background === true) throw invalid(['background'], 'background responses are not supported by this router; send the request without background');
  if (request.conversation !== undefined && request.conversation !== null) throw invalid(['conversation'], 'conversations are not supported by this router; send the whole input, or previous_response_id');
  if (request.prompt !== undefined && request.prompt !== null) throw invalid(['prompt'], 'stored prompts are not supported by this router; send instructions and input');
  if (typeof request.previous_response_id === 'string' && options.previous === undefined) throw invalid(['previous_response_id'], `Previous response with id '${request.previous_response_id}' not found.`);

  const translatedTools = translateTools(request.tools, { refuseHostedTools: options.refuseHostedTools });
  const previous = options.previous === undefined ? [] : [...options.previous.input, ...options.previous.output];
  const kept = new Map<string, unknown>();
  for (const item of previous) {
    const id = itemId(item);
    if (id !== null) kept.set(id, item);
  }
  const resolve = (id: string): unknown => kept.get(id) ?? options.lookupItem?.(id) ?? undefined;

  const history = new ChatHistory({ flatName: translatedTools.flatName, resolve });
  previous.forEach((item, index) => history.add(item, ['previous_response_id', index]));
  const own = typeof request.input === 'string' ? [{ type: 'message', role: 'user', content: request.input }] : (request.input ?? []);
  const input = [...previous];
  own.forEach((item, index) => {
    history.add(item, ['input', index]);
    // Stored with references resolved, so the next turn does not depend on this one's predecessor.
    const target = isItemReference(item) ? resolve(itemId(item) ?? '') : item;
    if (target !== undefined) input.push(target);
  });
  const conversation = history.finish();
  const messages = leadingSystemJoined(typeof request.instructions === 'string' && request.instructions.length > 0 ? [{ role: 'system', content: request.instructions }, ...conversation] : conversation);
  if (messages.length === 0) throw invalid(['input'], 'input must hold at least one message');

  const chat: ChatRequestBody = { model: request.model, messages };
  if (request.stream === true) Object.assign(chat, { stream: true, stream_options: { include_usage: true } });
  // `max_tokens`, not `max_completion_tokens`: every OpenAI-compatible provider reads it (Mistral, DeepSeek and older servers know only it).
  if (typeof request.max_output_tokens === 'number') chat.max_tokens = request.max_output_tokens;
  if (typeof request.temperature === 'number') chat.temperature = request.temperature;
  if (typeof request.top_p === 'number') chat.top_p = request.top_p;
  if (typeof request.user === 'string' && request.user.length > 0) chat.user = request.user;
  // OpenAI refuses `tool_choice` and `parallel_tool_calls` without tools, so they only go with tools.
  if (translatedTools.tools.length > 0) {
    chat.tools = translatedTools.tools;
    if (request.tool_choice !== undefined && request.tool_choice !== null) chat.tool_choice = translateToolChoice(request.tool_choice, translatedTools);
    // Only `false` is sent: parallel calls are every provider's default, and some know no `parallel_tool_calls`.
    if (request.parallel_tool_calls === false) chat.parallel_tool_calls = false;
  } else if (request.tool_choice !== undefined && request.tool_choice !== null && request.tool_choice !== 'auto' && request.tool_choice !== 'none') {
    // Forcing a tool call with no tool to call (none sent, or only dropped ones) cannot be honoured.
    if (translateToolChoice(request.tool_choice, translatedTools) === 'required') throw invalid(['tool_choice'], 'tool_choice "required" needs at least one function tool');
  }
  const effort = reasoningEffort(request.reasoning?.effort);
  if (effort !== undefined) chat.reasoning_effort = effort;
  const format = request.text?.format;
  if (format?.type === 'json_object') chat.response_format = { type: 'json_object' };
  else if (format?.type === 'json_schema') {
    const schema: { name: string; schema: unknown; description?: string; strict?: boolean } = { name: format.name, schema: format.schema };
    if (typeof format.description === 'string') schema.description = format.description;
    if (typeof format.strict === 'boolean') schema.strict = format.strict;
    chat.response_format = { type: 'json_schema', json_schema: schema };
  }

  return {
    chat,
    request,
    input,
    dropped: translatedTools.dropped,
    droppedItems: history.droppedItems,
    toolNames: translatedTools.toolNames,
    tools: translatedTools.offered,
  };
}
