/**
 * Responses input items → chat messages. Items are read one at a time (an error names the item:
 * `input.3.content.0.type`); consecutive assistant output (a message and its function calls)
 * becomes one assistant message, as chat wants the calls on the message that made them.
 */
import { deepestIssue, invalidAt, type Issue } from '../shared/request-issues.js';
import {
  contentPartSchema, customToolCallItemSchema, customToolCallOutputItemSchema, functionCallItemSchema, functionCallOutputItemSchema, itemReferenceSchema, messageItemSchema,
  type ContentPart, type ToolOutput,
} from './request-schema.js';
import { thinkingFromContent } from './thinking-blocks.js';
import type { ChatContentPart, ChatMessage, ChatToolCall } from './types.js';

// Text parts become one string: several OpenAI-compatible providers accept only string content,
// and a paragraph break is what separates parts when a model reads them.
const PART_SEPARATOR = '\n\n';

/**
 * Items of tools the router cannot run (their calls and outputs from a turn served elsewhere) and
 * reasoning without text: accepted and left out of the chat request (these calls would have no
 * matching tool). Reasoning with text is kept on its assistant message as `reasoning_content`, which
 * only a provider that takes earlier reasoning back is sent (chat has no standard field for it).
 */
export const DROPPED_ITEM_TYPES: ReadonlySet<string> = new Set([
  'reasoning', 'compaction', 'compaction_trigger', 'additional_tools', 'program', 'program_output',
  'web_search_call', 'file_search_call', 'code_interpreter_call', 'image_generation_call',
  'computer_call', 'computer_call_output', 'local_shell_call', 'local_shell_call_output',
  'shell_call', 'shell_call_output', 'apply_patch_call', 'apply_patch_call_output',
  'tool_search_call', 'tool_search_output', 'mcp_list_tools', 'mcp_approval_request', 'mcp_approval_response', 'mcp_call',
]);

/** The text of a reasoning item: its full reasoning (`content`'s `reasoning_text` parts) when it has it, else its summary. */
function reasoningText(fields: Record<string, unknown>): string {
  const texts = (parts: unknown) =>
    Array.isArray(parts) ? parts.map((part) => (typeof part === 'object' && part !== null && typeof (part as { text?: unknown }).text === 'string' ? (part as { text: string }).text : '')).join('') : '';
  return texts(fields.content) || texts(fields.summary);
}

/** What the item translation needs from the rest of the request. */
export interface ItemContext {
  /** The chat name of a namespaced function. */
  flatName: (namespace: string, name: string) => string;
  /** The item an `item_reference` names (the previous response's, or one the caller kept), or undefined. */
  resolve: (id: string) => unknown;
}

const invalid = invalidAt;


function parse<T>(schema: { safeParse: (value: unknown) => { success: true; data: T } | { success: false; error: { issues: Issue[] } } }, value: unknown, path: PropertyKey[]): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = deepestIssue(parsed.error.issues[0], path);
  throw invalid(issue.path, issue.message);
}

/** A content part → chat: text as text, images by URL (a data URL or https), files by their data. */
function chatPart(part: ContentPart, path: PropertyKey[]): ChatContentPart {
  switch (part.type) {
    case 'input_image': {
      if (typeof part.image_url !== 'string') throw invalid([...path, 'file_id'], 'images by file_id are not supported when the provider speaks OpenAI chat completions; send image_url (a URL or a data URL)');
      const detail = part.detail === 'low' || part.detail === 'high' || part.detail === 'auto' ? part.detail : undefined;
      return { type: 'image_url', image_url: detail === undefined ? { url: part.image_url } : { url: part.image_url, detail } };
    }
    case 'input_file':
      if (typeof part.file_data !== 'string') throw invalid([...path, 'file_data'], 'files by file_id or file_url are not supported when the provider speaks OpenAI chat completions; send file_data');
      return { type: 'file', file: typeof part.filename === 'string' ? { file_data: part.file_data, filename: part.filename } : { file_data: part.file_data } };
    case 'refusal':
      return { type: 'text', text: part.refusal };
    default:
      return { type: 'text', text: part.text };
  }
}

function joinText(parts: readonly ChatContentPart[]): string {
  return parts.map((part) => (part.type === 'text' ? part.text : '')).join(PART_SEPARATOR);
}

/** A user message's parts as chat content: a string when it is only text (see PART_SEPARATOR). */
function userContent(parts: ChatContentPart[]): string | ChatContentPart[] {
  return parts.every((part) => part.type === 'text') ? joinText(parts) : parts;
}

/** An `item_reference`: `type: "item_reference"`, or (as the API allows) no type and no role. */
export function isItemReference(item: unknown): boolean {
  if (typeof item !== 'object' || item === null) return false;
  const fields = item as { type?: unknown; role?: unknown };
  return fields.type === 'item_reference' || ((fields.type === undefined || fields.type === null) && fields.role === undefined);
}

/** Builds the chat messages of an input item list; reports dropped item types. */
export class ChatHistory {
  readonly messages: ChatMessage[] = [];
  readonly droppedItems: string[] = [];
  /** Images and files from function call outputs, sent in a user message after the run of tool messages. */
  private pendingParts: ChatContentPart[] = [];

  constructor(private readonly context: ItemContext) {}

  /** The open assistant message that calls can be added to: the last message, if it is an assistant's. */
  private assistant(): Extract<ChatMessage, { role: 'assistant' }> {
    const last = this.messages.at(-1);
    if (last?.role === 'assistant') return last;
    const message: Extract<ChatMessage, { role: 'assistant' }> = { role: 'assistant', content: null };
    this.messages.push(message);
    return message;
  }

  private flushParts(): void {
    if (this.pendingParts.length === 0) return;
    this.messages.push({ role: 'user', content: userContent(this.pendingParts) });
    this.pendingParts = [];
  }

  private addCall(call: ChatToolCall): void {
    const message = this.assistant();
    message.tool_calls = [...(message.tool_calls ?? []), call];
  }

  private addToolOutput(callId: string, raw: ToolOutput, path: PropertyKey[]): void {
    // `{content, success: false}` is marked in its text as the Anthropic translator marks `is_error` (chat has no error flag).
    if (typeof raw === 'object' && !Array.isArray(raw)) {
      const failed = raw.success === false;
      const output = failed && typeof raw.content === 'string' ? `Error: ${raw.content}` : raw.content;
      return this.addToolOutput(callId, failed && Array.isArray(output) ? [{ type: 'input_text', text: 'Error:' }, ...output] : output, path);
    }
    const output = raw;
    if (typeof output === 'string') {
      this.messages.push({ role: 'tool', tool_call_id: callId, content: output });
      return;
    }
    // A tool message holds only text: text parts go in it, images and files follow in a user message.
    const parts = output.map((part, index) => chatPart(part, [...path, 'output', index]));
    this.messages.push({ role: 'tool', tool_call_id: callId, content: joinText(parts.filter((part) => part.type === 'text')) });
    this.pendingParts.push(...parts.filter((part) => part.type !== 'text'));
  }

  private dropItem(type: string): void {
    if (!this.droppedItems.includes(type)) this.droppedItems.push(type);
  }

  /** Adds one input item (`path` names it for errors, e.g. `['input', 3]`). */
  add(item: unknown, path: PropertyKey[], viaReference = false): void {
    const fields = typeof item === 'object' && item !== null && !Array.isArray(item) ? (item as Record<string, unknown>) : null;
    if (fields === null) throw invalid(path, 'each input item must be an object');
    const type = isItemReference(fields) ? 'item_reference' : (fields.type ?? 'message');
    if (type !== 'function_call_output' && type !== 'custom_tool_call_output') this.flushParts();
    switch (type) {
      case 'message': {
        const message = parse(messageItemSchema, item, path);
        this.addMessage(message, path);
        return;
      }
      case 'function_call': {
        const call = parse(functionCallItemSchema, item, path);
        const name = typeof call.namespace === 'string' && call.namespace.length > 0 ? this.context.flatName(call.namespace, call.name) : call.name;
        this.addCall({ id: call.call_id, type: 'function', function: { name, arguments: call.arguments } });
        return;
      }
      case 'function_call_output': {
        const output = parse(functionCallOutputItemSchema, item, path);
        this.addToolOutput(output.call_id, output.output, path);
        return;
      }
      // A freeform tool call from a turn served elsewhere: kept as a function call whose arguments hold the raw input.
      case 'custom_tool_call': {
        const call = parse(customToolCallItemSchema, item, path);
        const name = typeof call.namespace === 'string' && call.namespace.length > 0 ? this.context.flatName(call.namespace, call.name) : call.name;
        this.addCall({ id: call.call_id, type: 'function', function: { name, arguments: JSON.stringify({ input: call.input }) } });
        return;
      }
      case 'custom_tool_call_output': {
        const output = parse(customToolCallOutputItemSchema, item, path);
        this.addToolOutput(output.call_id, output.output, path);
        return;
      }
      case 'item_reference': {
        const reference = parse(itemReferenceSchema, item, path);
        const target = this.context.resolve(reference.id);
        // A reasoning item would be dropped anyway, so one the caller cannot find costs nothing (the AI SDK refers to reasoning by id when it stores responses).
        if (target === undefined && !viaReference && reference.id.startsWith('rs_')) return this.dropItem('reasoning');
        if (target === undefined || viaReference) throw invalid([...path, 'id'], `item_reference "${reference.id}" names no item this router kept`);
        this.add(target, path, true);
        return;
      }
      case 'reasoning': {
        // Anthropic's signed thinking this router gave the client (an `anthropic` provider's): it leads the assistant turn it belongs to.
        const blocks = thinkingFromContent(fields.encrypted_content);
        if (blocks !== null) {
          const message = this.assistant();
          message.thinking_blocks = [...(message.thinking_blocks ?? []), ...blocks];
          return;
        }
        // Its text (a chat provider's `reasoning_content`, as this router gave it in the summary), for a provider that takes it back.
        const text = reasoningText(fields);
        if (text.length === 0) return this.dropItem('reasoning');
        const message = this.assistant();
        message.reasoning_content = (message.reasoning_content ?? '') + text;
        return;
      }
      default:
        if (typeof type === 'string' && DROPPED_ITEM_TYPES.has(type)) return this.dropItem(type);
        throw invalid([...path, 'type'], `input item type ${JSON.stringify(type)} is not supported when the provider speaks OpenAI chat completions`);
    }
  }

  private addMessage(message: ReturnType<typeof messageItemSchema.parse>, path: PropertyKey[]): void {
    const parts = typeof message.content === 'string' ? [{ type: 'text' as const, text: message.content }] : message.content.map((part, index) => chatPart(part, [...path, 'content', index]));
    if (message.role === 'assistant') {
      const text = parts.map((part, index) => {
        if (part.type !== 'text') throw invalid([...path, 'content', index], 'assistant messages can hold only text (output_text or refusal)');
        return part.text;
      }).join('');
      // Consecutive assistant output is one chat turn: text after the turn's calls joins the same message.
      const last = this.messages.at(-1);
      if (last?.role === 'assistant') last.content = (last.content ?? '') + text;
      else this.messages.push({ role: 'assistant', content: text });
      return;
    }
    if (message.role === 'user') {
      this.messages.push({ role: 'user', content: userContent(parts) });
      return;
    }
    // `developer` is OpenAI's newer name for `system`; other providers know only `system`.
    parts.forEach((part, index) => {
      if (part.type !== 'text') throw invalid([...path, 'content', index], `${message.role} messages can hold only text`);
    });
    this.messages.push({ role: 'system', content: joinText(parts) });
  }

  /** Ends the list: flushes pending output images. */
  finish(): ChatMessage[] {
    this.flushParts();
    return this.messages;
  }
}

