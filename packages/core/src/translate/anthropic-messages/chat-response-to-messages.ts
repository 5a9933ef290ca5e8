/** A chat completion JSON response → an Anthropic Message. */
import { UpstreamError } from '../../errors.js';
import { anthropicStopReason, anthropicUsage, asObject, asText, messageId, parseToolArguments, randomId, usageOf } from './chat-mapping.js';
import type { AnthropicContentBlock, AnthropicMessage } from './types.js';

/** Options for `chatResponseToMessages`. */
export interface ChatResponseOptions {
  /** The client's `stop_sequences`, to recognise a stop sequence the upstream names. */
  stopSequences?: readonly string[];
  /** Id source for tool calls and messages that arrive without one. */
  generateId?: () => string;
}

function invalid(what: string): UpstreamError {
  return new UpstreamError(`The upstream sent a chat completion that cannot be translated: ${what}`, {
    status: 502, code: 'upstream_bad_response', retryable: false, outcome: 'bad_response',
  });
}

/** Text of `content` given as a string or as an array of text parts (some providers use parts). */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (typeof part === 'string' ? part : (asText(asObject(part)?.text) ?? ''))).join('');
}

function toolUseBlocks(message: Record<string, unknown>, generateId: () => string): AnthropicContentBlock[] {
  const calls = Array.isArray(message.tool_calls) ? message.tool_calls : [];
  // The legacy `function_call` form carries one call and no id.
  const legacy = asObject(message.function_call);
  const all = legacy === null ? calls : [...calls, { function: legacy }];
  const blocks: AnthropicContentBlock[] = [];
  for (const call of all) {
    const fields = asObject(call);
    const fn = asObject(fields?.function);
    const name = asText(fn?.name);
    if (fields === null || name === null) continue;
    const args = typeof fn?.arguments === 'string' ? fn.arguments : JSON.stringify(fn?.arguments ?? {});
    blocks.push({ type: 'tool_use', id: asText(fields.id) ?? `toolu_${generateId()}`, name, input: parseToolArguments(args) });
  }
  return blocks;
}

/**
 * Translates an OpenAI chat completion body into an Anthropic Message for `requestModel` (the
 * model the client asked for). Blocks come in Anthropic's order: thinking (from
 * `reasoning_content`, or `reasoning` as OpenRouter and vLLM name it), text (or the `refusal`
 * text), then one `tool_use` per tool call. Throws `UpstreamError` (502) when there is no choice.
 */
export function chatResponseToMessages(json: unknown, requestModel: string, options: ChatResponseOptions = {}): AnthropicMessage {
  const generateId = options.generateId ?? randomId;
  const body = asObject(json);
  if (body === null) throw invalid('the body is not a JSON object');
  const choice = Array.isArray(body.choices) ? asObject(body.choices[0]) : null;
  const message = asObject(choice?.message);
  if (choice === null || message === null) throw invalid('it has no choices[0].message');

  const content: AnthropicContentBlock[] = [];
  const reasoning = asText(message.reasoning_content) ?? asText(message.reasoning);
  if (reasoning !== null) content.push({ type: 'thinking', thinking: reasoning, signature: '' });
  const text = contentText(message.content) || (asText(message.refusal) ?? '');
  if (text.length > 0) content.push({ type: 'text', text });
  const tools = toolUseBlocks(message, generateId);
  content.push(...tools);

  const stop = anthropicStopReason(choice.finish_reason, {
    hasToolUse: tools.length > 0,
    matchedStop: choice.stop_reason ?? choice.matched_stop,
    stopSequences: options.stopSequences,
  });
  // An OpenAI refusal is the model declining, which Anthropic reports as `refusal`.
  const refused = asText(message.refusal) !== null && contentText(message.content).length === 0;
  return {
    id: messageId(generateId),
    type: 'message',
    role: 'assistant',
    model: requestModel,
    content,
    stop_reason: refused ? 'refusal' : stop.stop_reason,
    stop_sequence: stop.stop_sequence,
    usage: anthropicUsage(usageOf(body)),
  };
}
