/** A chat completion JSON response → a Response object. */
import { UpstreamError } from '../../errors.js';
import { asObject, asText, usageOf } from '../anthropic-messages/chat-mapping.js';
import { incompleteReason, isCustomTool, toolCallItem, randomId, responseSkeleton, responsesUsage, seconds, type ResponsesOutputOptions, type ResponsesRequestContext } from './response-object.js';
import { thinkingContent } from './thinking-blocks.js';
import type { ResponsesOutputItem, ResponsesReasoningItem, ResponsesResponse } from './types.js';

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

/**
 * Translates an OpenAI chat completion body into a Response for the request it answers. Output
 * items come in the Responses order: `reasoning` (from `reasoning_content`, or `reasoning` as
 * OpenRouter and vLLM name it; one `summary_text`; Anthropic's signed `thinking_blocks` in its
 * `encrypted_content`), the `message` (its text, or the `refusal`),
 * then one `function_call` per tool call (namespaced names mapped back; a call without arguments
 * gets `{}`), or a `custom_tool_call` for a custom tool (its `input` read from the arguments). `finish_reason: "length"` → `status: "incomplete"` with reason `max_output_tokens`,
 * `content_filter` → reason `content_filter`; the last item is then `incomplete` too. Throws
 * `UpstreamError` (502) when there is no `choices[0].message`.
 */
export function chatResponseToResponses(json: unknown, context: ResponsesRequestContext, options: ResponsesOutputOptions = {}): ResponsesResponse {
  const generateId = options.generateId ?? randomId;
  const now = options.now ?? Date.now;
  const body = asObject(json);
  if (body === null) throw invalid('the body is not a JSON object');
  const choice = Array.isArray(body.choices) ? asObject(body.choices[0]) : null;
  const message = asObject(choice?.message);
  if (choice === null || message === null) throw invalid('it has no choices[0].message');

  const response = responseSkeleton(context, options.responseId ?? `resp_${generateId()}`, seconds(now));
  const output: ResponsesOutputItem[] = [];
  const reasoning = asText(message.reasoning_content) ?? asText(message.reasoning);
  // Anthropic's signed thinking (an `anthropic` provider's answer), kept for the client to send back
  const signed = thinkingContent(Array.isArray(message.thinking_blocks) ? message.thinking_blocks : undefined);
  if (reasoning !== null || signed !== undefined) {
    const item: ResponsesReasoningItem = { type: 'reasoning', id: `rs_${generateId()}`, summary: reasoning === null ? [] : [{ type: 'summary_text', text: reasoning }] };
    if (signed !== undefined) item.encrypted_content = signed;
    output.push(item);
  }
  const text = contentText(message.content);
  const refusal = asText(message.refusal);
  if (text.length > 0) output.push({ type: 'message', id: `msg_${generateId()}`, status: 'completed', role: 'assistant', content: [{ type: 'output_text', text, annotations: [], logprobs: [] }] });
  else if (refusal !== null) output.push({ type: 'message', id: `msg_${generateId()}`, status: 'completed', role: 'assistant', content: [{ type: 'refusal', refusal }] });
  const calls = Array.isArray(message.tool_calls) ? message.tool_calls : [];
  // The legacy `function_call` form carries one call and no id.
  const legacy = asObject(message.function_call);
  for (const call of legacy === null ? calls : [...calls, { function: legacy }]) {
    const fields = asObject(call);
    const fn = asObject(fields?.function);
    const name = asText(fn?.name);
    if (fields === null || name === null) continue;
    const raw = typeof fn?.arguments === 'string' ? fn.arguments : fn?.arguments === undefined || fn.arguments === null ? '' : JSON.stringify(fn.arguments);
    const args = raw.trim().length > 0 ? raw : '{}';
    output.push(toolCallItem(`${isCustomTool(name, context.toolNames) ? 'ctc' : 'fc'}_${generateId()}`, asText(fields.id) ?? `call_${generateId()}`, name, args, context.toolNames, 'completed'));
  }

  const reason = incompleteReason(choice.finish_reason);
  const last = output.at(-1);
  if (reason !== null && last !== undefined) last.status = 'incomplete';
  response.status = reason === null ? 'completed' : 'incomplete';
  response.incomplete_details = reason === null ? null : { reason };
  response.completed_at = reason === null ? seconds(now) : null;
  response.output = output;
  response.usage = responsesUsage(usageOf(body));
  return response;
}
