/** An OpenAI chat completions request → an Anthropic Messages request. */
import { InvalidRequestError } from '../../errors.js';
import { deepestIssue, invalidAt, type Issue } from '../shared/request-issues.js';
import { chatRequestSchema, type ChatRequest, type ChatRequestMessage } from './request-schema.js';
import type {
  MessagesImageBlock, MessagesRequestBlock, MessagesRequestBody, MessagesRequestMessage, MessagesTextBlock, MessagesThinking, MessagesThinkingBlock, MessagesTool, MessagesToolChoice, MessagesToolResultBlock,
} from './types.js';

/** `max_tokens` when the client sends neither `max_tokens` nor `max_completion_tokens` (Anthropic requires one; every Claude model allows this many). */
export const DEFAULT_MAX_TOKENS = 4096;

/** Thinking budgets (tokens) for `reasoning_effort`; the reverse translator maps them back to the same effort. */
export const EFFORT_BUDGETS: Readonly<Record<'minimal' | 'low' | 'medium' | 'high' | 'xhigh', number>> = {
  minimal: 1024,
  low: 4096,
  medium: 10_000,
  high: 24_576,
  xhigh: 31_999,
};

/** Anthropic's smallest thinking budget. */
export const MIN_THINKING_BUDGET = 1024;

/** Options of `chatRequestToMessages`. */
export interface ChatToMessagesOptions {
  /** The model name to send (default: the request's). */
  model?: string;
  /** `max_tokens` when the client gives none (default `DEFAULT_MAX_TOKENS`). */
  defaultMaxTokens?: number;
}

// Separates system messages joined into one `system` string.
const BLOCK_SEPARATOR = '\n\n';

const invalid = invalidAt;

function unsupported(param: string, message: string): InvalidRequestError {
  return new InvalidRequestError(message, param, 'unsupported_parameter');
}


function textOf(content: string | readonly { text: string }[]): string {
  return typeof content === 'string' ? content : content.map((part) => part.text).join('');
}

function textBlocks(content: string | readonly { text: string }[]): MessagesTextBlock[] {
  return typeof content === 'string' ? [{ type: 'text', text: content }] : content.map((part) => ({ type: 'text', text: part.text }));
}

const DATA_URL = /^data:([^;,]+)((?:;[^;,]*)*?);base64,(.*)$/s;

/** A chat image URL → Anthropic's image source: a base64 `data:` URL → `base64`, an http(s) URL → `url`. */
function imageBlock(url: string, path: readonly PropertyKey[]): MessagesImageBlock {
  if (url.startsWith('data:')) {
    const match = DATA_URL.exec(url);
    if (!match) throw invalid(path, 'an image data URL must be base64-encoded (data:<media type>;base64,<data>)');
    return { type: 'image', source: { type: 'base64', media_type: match[1], data: match[3] } };
  }
  if (/^https?:\/\//i.test(url)) return { type: 'image', source: { type: 'url', url } };
  throw invalid(path, 'an image must be an http(s) URL or a base64 data URL');
}

function userBlocks(message: Extract<ChatRequestMessage, { role: 'user' }>, index: number): string | MessagesRequestBlock[] {
  if (typeof message.content === 'string') return message.content;
  return message.content.flatMap((part, position): MessagesRequestBlock[] => {
    const path = ['messages', index, 'content', position];
    // Anthropic refuses empty text blocks; an empty part says nothing.
    if (part.type === 'text') return part.text.length > 0 ? [{ type: 'text', text: part.text }] : [];
    if (part.type === 'image_url') return [imageBlock(part.image_url.url, [...path, 'image_url', 'url'])];
    if (part.type === 'file') {
      const match = typeof part.file.file_data === 'string' ? DATA_URL.exec(part.file.file_data) : null;
      if (!match) throw invalid([...path, 'file'], 'a file must be given as file_data, a base64 data URL (file ids cannot be sent to an Anthropic provider)');
      return [{ type: 'document', source: { type: 'base64', media_type: match[1], data: match[3] }, ...(part.file.filename ? { title: part.file.filename } : {}) }];
    }
    throw unsupported(path.join('.'), `${path.join('.')}: audio input cannot be sent to an Anthropic provider`);
  });
}

/** Tool arguments (JSON text) → a `tool_use` input, which must be an object: empty or unreadable arguments become `{}`. */
function toolInput(text: string | null | undefined): Record<string, unknown> {
  if (!text || text.trim().length === 0) return {};
  try {
    const value = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}

/** A tool message → a `tool_result` block (an empty result has no content: Anthropic refuses empty text). */
function toolResult(id: string, text: string): MessagesToolResultBlock {
  return text.length > 0 ? { type: 'tool_result', tool_use_id: id, content: text } : { type: 'tool_result', tool_use_id: id };
}

type AssistantMessage = Extract<ChatRequestMessage, { role: 'assistant' }>;

/**
 * An assistant message's signed thinking (`thinking_blocks`, as LiteLLM and this translator give
 * it to chat clients) as Messages blocks, or null unless every block is whole: a `thinking` block
 * with its text and signature, or a `redacted_thinking` block with its data. Anthropic checks the
 * signatures; a block that lost its text or signature on the way (a client that kept only the last
 * streamed piece) would be refused, so then none is sent.
 */
export function signedThinkingBlocks(message: AssistantMessage): MessagesThinkingBlock[] | null {
  return wholeThinkingBlocks(message.thinking_blocks);
}

/** `value` as whole thinking blocks (see `signedThinkingBlocks`), or null unless it is a non-empty list of them. */
export function wholeThinkingBlocks(value: unknown): MessagesThinkingBlock[] | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  const blocks: MessagesThinkingBlock[] = [];
  for (const item of value as unknown[]) {
    const block = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
    if (block.type === 'thinking' && typeof block.thinking === 'string' && block.thinking.length > 0 && typeof block.signature === 'string' && block.signature.length > 0) {
      blocks.push({ type: 'thinking', thinking: block.thinking, signature: block.signature });
    } else if (block.type === 'redacted_thinking' && typeof block.data === 'string' && block.data.length > 0) blocks.push({ type: 'redacted_thinking', data: block.data });
    else return null;
  }
  return blocks;
}

function assistantBlocks(message: AssistantMessage, index: number, withThinking: boolean): MessagesRequestBlock[] {
  if (message.function_call !== undefined && message.function_call !== null) throw unsupported(`messages.${index}.function_call`, `messages.${index}.function_call: the legacy function_call form is not supported by an Anthropic provider; use tool_calls`);
  // with thinking on, the turn starts with its signed thinking, as Anthropic sent it
  const blocks: MessagesRequestBlock[] = (withThinking && signedThinkingBlocks(message)) || [];
  const content = message.content;
  // Refusal parts are what the model said: kept as text.
  const text = typeof content === 'string' ? content : (content ?? []).map((part) => (part.type === 'text' ? part.text : part.refusal)).join('');
  if (text.length > 0) blocks.push({ type: 'text', text });
  for (const call of message.tool_calls ?? []) blocks.push({ type: 'tool_use', id: call.id, name: call.function.name, input: toolInput(call.function.arguments) });
  return blocks;
}

/**
 * The conversation as Messages turns. System and developer messages are taken out (they become
 * `system`); consecutive `tool` messages become one user turn of `tool_result` blocks; and any
 * two consecutive turns of the same role are merged into one, as Anthropic reads them anyway.
 * With `withThinking`, assistant turns carry their signed thinking blocks back.
 */
function conversation(messages: ChatRequest['messages'], withThinking: boolean): { system: MessagesTextBlock[]; turns: MessagesRequestMessage[] } {
  const system: MessagesTextBlock[] = [];
  const turns: MessagesRequestMessage[] = [];
  const push = (role: 'user' | 'assistant', content: string | MessagesRequestBlock[]) => {
    if (content.length === 0) return;
    const last = turns.at(-1);
    if (last && last.role === role) {
      const blocks = (value: string | MessagesRequestBlock[]): MessagesRequestBlock[] => (typeof value === 'string' ? [{ type: 'text', text: value }] : value);
      last.content = [...blocks(last.content), ...blocks(content)];
    } else turns.push({ role, content });
  };
  messages.forEach((message, index) => {
    switch (message.role) {
      case 'system':
      case 'developer':
        system.push(...textBlocks(message.content).filter((block) => block.text.length > 0));
        break;
      case 'user':
        push('user', userBlocks(message, index));
        break;
      case 'assistant':
        push('assistant', assistantBlocks(message, index, withThinking));
        break;
      case 'tool':
        push('user', [toolResult(message.tool_call_id, textOf(message.content))]);
        break;
      case 'function':
        throw unsupported(`messages.${index}.role`, `messages.${index}.role: the legacy "function" role is not supported by an Anthropic provider; use tool messages`);
    }
  });
  return { system, turns };
}

function messagesTools(tools: NonNullable<ChatRequest['tools']>): MessagesTool[] {
  return tools.map((tool, index) => {
    if (tool.type !== 'function' || !tool.function) throw unsupported(`tools.${index}.type`, `tools.${index}.type: only function tools can be sent to an Anthropic provider (got ${JSON.stringify(tool.type)})`);
    const { name, description, parameters } = tool.function;
    // Anthropic requires a schema; OpenAI allows a function without parameters.
    return { name, ...(description !== undefined ? { description } : {}), input_schema: parameters ?? { type: 'object', properties: {} } };
  });
}

function messagesToolChoice(choice: NonNullable<ChatRequest['tool_choice']>): MessagesToolChoice {
  if (choice === 'required') return { type: 'any' };
  if (choice === 'auto' || choice === 'none') return { type: choice };
  return { type: 'tool', name: choice.function.name };
}

/**
 * The thinking setting: Anthropic's own `thinking` object when the client sends one, else from
 * `reasoning_effort` (`none` → nothing; the others → `EFFORT_BUDGETS`).
 */
export function requestedThinkingBudget(request: Pick<ChatRequest, 'thinking' | 'reasoning_effort'>): number | 'disabled' | null {
  if (request.thinking) return request.thinking.type === 'enabled' ? request.thinking.budget_tokens : 'disabled';
  const effort = request.reasoning_effort;
  if (!effort || effort === 'none') return null;
  return EFFORT_BUDGETS[effort];
}

/**
 * Validates a chat completions body and builds the equivalent Messages body; throws
 * `InvalidRequestError` (400, `param` naming the field) for what an Anthropic provider cannot do.
 */
export function chatRequestToMessages(body: unknown, options: ChatToMessagesOptions = {}): MessagesRequestBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid([], 'The request body must be a JSON object.');
  const parsed = chatRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = deepestIssue(parsed.error.issues[0] as Issue, []);
    throw invalid(issue.path, issue.message);
  }
  const request = parsed.data;
  if (request.n != null && request.n > 1) throw unsupported('n', 'n: an Anthropic provider returns one choice per request; send n=1 or leave it out');
  if (request.logprobs === true) throw unsupported('logprobs', 'logprobs: an Anthropic provider does not return log probabilities');
  if (request.functions !== undefined || request.function_call !== undefined) {
    throw unsupported(request.functions !== undefined ? 'functions' : 'function_call', 'the legacy functions/function_call parameters are not supported by an Anthropic provider; use tools and tool_choice');
  }
  if (request.audio != null) throw unsupported('audio', 'audio: an Anthropic provider does not produce audio');
  const format = request.response_format?.type;
  if (format !== undefined && format !== 'text') {
    throw unsupported('response_format', `response_format: ${JSON.stringify(format)} is not supported by an Anthropic provider; describe the JSON you want in the prompt, or define a tool with the schema and set tool_choice to it`);
  }

  let maxTokens = request.max_completion_tokens ?? request.max_tokens ?? undefined;
  let thinking: MessagesThinking | undefined;
  const budget = requestedThinkingBudget(request);
  // Mid tool loop (the last assistant turn called tools) Anthropic wants that turn's signed
  // thinking blocks back. A client that kept them (`thinking_blocks`, whole) gets thinking as asked;
  // for one that did not, thinking is left off for that request rather than refused by Anthropic.
  const lastAssistant = request.messages.findLast((message): message is AssistantMessage => message.role === 'assistant');
  const inToolLoop = lastAssistant !== undefined && (lastAssistant.tool_calls?.length ?? 0) > 0;
  const signed = inToolLoop && signedThinkingBlocks(lastAssistant) !== null;
  if (budget === 'disabled') thinking = { type: 'disabled' };
  else if (budget !== null && (!inToolLoop || signed)) {
    if (maxTokens === undefined) {
      maxTokens = budget + (options.defaultMaxTokens ?? DEFAULT_MAX_TOKENS);
      thinking = { type: 'enabled', budget_tokens: budget };
    } else {
      // The budget must be below max_tokens (which, as OpenAI's max_completion_tokens, counts the reasoning too).
      const fitted = Math.min(budget, maxTokens - 1);
      if (fitted >= MIN_THINKING_BUDGET) thinking = { type: 'enabled', budget_tokens: fitted };
    }
  }
  const { system, turns } = conversation(request.messages, thinking?.type === 'enabled');
  const result: MessagesRequestBody = { model: options.model ?? request.model, max_tokens: maxTokens ?? options.defaultMaxTokens ?? DEFAULT_MAX_TOKENS, messages: turns };
  if (system.length === 1) result.system = system[0].text;
  else if (system.length > 1) result.system = system;
  if (thinking) result.thinking = thinking;

  if (request.stream === true) result.stream = true;
  if (request.temperature != null) result.temperature = request.temperature;
  if (request.top_p != null) result.top_p = request.top_p;
  if (request.top_k != null) result.top_k = request.top_k;
  const stop = typeof request.stop === 'string' ? [request.stop] : (request.stop ?? []);
  if (stop.length > 0) result.stop_sequences = stop;
  const user = request.user || request.safety_identifier;
  if (user) result.metadata = { user_id: user };

  const tools = messagesTools(request.tools ?? []);
  // Without tools Anthropic refuses a tool_choice, and there is nothing to choose from: it is dropped.
  if (tools.length > 0) {
    result.tools = tools;
    let choice = request.tool_choice ? messagesToolChoice(request.tool_choice) : undefined;
    if (request.parallel_tool_calls === false && choice?.type !== 'none') choice = { ...(choice ?? { type: 'auto' }), disable_parallel_tool_use: true } as MessagesToolChoice;
    if (choice) result.tool_choice = choice;
  }
  return result;
}
