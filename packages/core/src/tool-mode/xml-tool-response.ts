/**
 * The non-streaming half of XML tool mode: rewrites a `chat.completion` body
 * whose message text carries XML tool calls into one with `tool_calls`.
 */
import { decodeUtf8 } from '../sse/summarize-response.js';
import { encodeUtf8 } from '../sse/bytes.js';
import { parseToolCalls } from './parse-tool-calls.js';
import { generateToolCallId, type XmlToolRewriteOptions } from './xml-tool-stream.js';

/** Rewrites a parsed `chat.completion` in place; returns whether anything changed. */
export function rewriteXmlToolMessage(completion: Record<string, any>, options: XmlToolRewriteOptions = {}): boolean {
  const generateId = options.generateId ?? generateToolCallId;
  let changed = false;
  for (const choice of Array.isArray(completion?.choices) ? completion.choices : []) {
    const message = choice?.message;
    if (!message || typeof message.content !== 'string') continue;
    const parts = parseToolCalls(message.content, { tools: options.tools });
    const calls = parts.filter((part) => part.type === 'tool_call');
    if (calls.length === 0) continue;
    const existing: unknown[] = Array.isArray(message.tool_calls) ? message.tool_calls : [];
    const text = parts.map((part) => (part.type === 'text' ? part.text : '')).join('');
    message.content = text.length > 0 ? text : null;
    message.tool_calls = [
      ...existing,
      ...calls.map((call) => ({ id: generateId(), type: 'function', function: { name: call.name, arguments: call.arguments } })),
    ];
    if (choice.finish_reason === 'stop' || choice.finish_reason == null) choice.finish_reason = 'tool_calls';
    changed = true;
  }
  return changed;
}

/** Rewrites a `chat.completion` body; returns the bytes unchanged when there is nothing to rewrite or they are not JSON. */
export function rewriteXmlToolResponse(body: Uint8Array, options: XmlToolRewriteOptions = {}): Uint8Array {
  let completion: Record<string, any>;
  try {
    completion = JSON.parse(decodeUtf8(body));
  } catch {
    return body;
  }
  if (!completion || typeof completion !== 'object') return body;
  return rewriteXmlToolMessage(completion, options) ? encodeUtf8(JSON.stringify(completion)) : body;
}
