/**
 * A chat completions stream → Responses stream events.
 *
 * Responses clients read output items one at a time (`output_item.added`, its deltas, its
 * `output_item.done`, then the next), with `output_index` 0, 1, 2… in output order, and every event
 * numbered by `sequence_number` from 0. The chat stream does not promise that order, so (as the
 * Anthropic stream translator does):
 * - reasoning (`reasoning_content`/`reasoning`, as a reasoning item's `summary_text`), text and
 *   refusals stream live; each switch between them closes the open item and opens the next;
 * - the first tool call streams live (`function_call_arguments.delta` per argument fragment) from
 *   the chunk that names it; every other call is collected and sent whole (added, one delta, done)
 *   once the upstream finishes, in the order the calls first appeared. So parallel calls keep stable
 *   indexes even when their fragments interleave (`tool_calls[].index` is only a key);
 * - text or reasoning that arrives after a tool call has begun is collected and sent as one item of
 *   each kind after the tool calls (the request translator joins such text to the calls' turn);
 * - a call with no arguments at all gets one `{}` delta, so deltas and `arguments` agree;
 * - a call of a custom (freeform) tool is a `custom_tool_call` item whose `input` is read from the
 *   whole arguments (`{"input": "…"}`), so it comes as one `custom_tool_call_input.delta` and its
 *   `.done` when the call closes.
 * The terminal event comes at `[DONE]` or at the end of the stream, so usage sent after
 * `finish_reason` (OpenAI's usage-only chunk) is in it: `response.completed`, `response.incomplete`
 * (`finish_reason` `length` or `content_filter`), or `response.failed` for an upstream error, a
 * stream that ends before it finished, or an error thrown while reading it.
 */
import { RouterError } from '../../errors.js';
import { asObject, asText, usageOf } from '../anthropic-messages/chat-mapping.js';
import type { ChatStreamEvent, UpstreamStreamError } from '../anthropic-messages/types.js';
import { incompleteReason, isCustomTool, toolCallItem, randomId, responseSkeleton, responsesUsage, seconds, type ResponsesOutputOptions, type ResponsesRequestContext } from './response-object.js';
import { ThinkingPieces } from './thinking-blocks.js';
import { customToolInput } from './tools.js';
import type { ResponsesItemStatus, ResponsesOutputItem, ResponsesResponse, ResponsesStreamEvent, ResponsesStreamEventBody } from './types.js';

type TextKind = 'reasoning' | 'text' | 'refusal';

interface ToolCall {
  id: string;
  name: string;
  arguments: string;
  /** Set once the call's item has been added. */
  item: { id: string; index: number } | null;
}

interface OpenText {
  kind: TextKind;
  id: string;
  index: number;
  text: string;
}

/** The Responses error code for an upstream's in-stream error: rate limits are told apart, the rest is `server_error`. */
export function responsesErrorCode(error: UpstreamStreamError): 'rate_limit_exceeded' | 'server_error' {
  const words = `${error.type ?? ''} ${String(error.code ?? '')}`.toLowerCase();
  return /rate.?limit|quota|too.?many|\b429\b/.test(words) ? 'rate_limit_exceeded' : 'server_error';
}

/** Translates parsed chat stream events into Responses stream events, ending with exactly one of `response.completed`, `response.incomplete` or `response.failed`. */
export async function* chatStreamToResponses(events: AsyncIterable<ChatStreamEvent>, context: ResponsesRequestContext, options: ResponsesOutputOptions = {}): AsyncGenerator<ResponsesStreamEvent> {
  const generateId = options.generateId ?? randomId;
  const now = options.now ?? Date.now;
  let out: ResponsesStreamEvent[] = [];
  let sequence = 0;
  const emit = (body: ResponsesStreamEventBody) => {
    out.push({ ...body, sequence_number: sequence++ } as ResponsesStreamEvent);
  };

  let response: ResponsesResponse | null = null;
  const output: ResponsesOutputItem[] = [];
  let open: OpenText | null = null;
  const tools = new Map<number, ToolCall>();
  let liveKey: number | null = null;
  let trailingReasoning = '';
  let trailingText = '';
  let finishReason: unknown = null;
  let finished = false;
  let usage: Record<string, unknown> | null = null;
  /** Anthropic's signed thinking (`thinking_blocks` pieces), given to the reasoning item it belongs to when that closes. */
  const thinking = new ThinkingPieces();

  const start = () => {
    if (response !== null) return;
    response = responseSkeleton(context, options.responseId ?? `resp_${generateId()}`, seconds(now));
    emit({ type: 'response.created', response: { ...response, output: [] } });
    emit({ type: 'response.in_progress', response: { ...response, output: [] } });
  };
  const snapshot = (): ResponsesResponse => ({ ...response!, output: output.map((item) => structuredClone(item)) });

  const addItem = (item: ResponsesOutputItem): number => {
    output.push(item);
    const index = output.length - 1;
    emit({ type: 'response.output_item.added', output_index: index, item: structuredClone(item) });
    return index;
  };

  const openText = (kind: TextKind): OpenText => {
    const prefix = kind === 'reasoning' ? 'rs' : 'msg';
    const id = `${prefix}_${generateId()}`;
    const index = addItem(kind === 'reasoning' ? { type: 'reasoning', id, summary: [] } : { type: 'message', id, status: 'in_progress', role: 'assistant', content: [] });
    if (kind === 'reasoning') emit({ type: 'response.reasoning_summary_part.added', item_id: id, output_index: index, summary_index: 0, part: { type: 'summary_text', text: '' } });
    else emit({ type: 'response.content_part.added', item_id: id, output_index: index, content_index: 0, part: kind === 'text' ? { type: 'output_text', text: '', annotations: [], logprobs: [] } : { type: 'refusal', refusal: '' } });
    return { kind, id, index, text: '' };
  };
  const textDelta = (item: OpenText, delta: string) => {
    item.text += delta;
    const at = { item_id: item.id, output_index: item.index };
    if (item.kind === 'reasoning') emit({ type: 'response.reasoning_summary_text.delta', ...at, summary_index: 0, delta });
    else if (item.kind === 'text') emit({ type: 'response.output_text.delta', ...at, content_index: 0, delta, logprobs: [] });
    else emit({ type: 'response.refusal.delta', ...at, content_index: 0, delta });
  };
  const closeText = (item: OpenText, status: ResponsesItemStatus) => {
    const at = { item_id: item.id, output_index: item.index };
    let done: ResponsesOutputItem;
    if (item.kind === 'reasoning') {
      const part = { type: 'summary_text' as const, text: item.text };
      emit({ type: 'response.reasoning_summary_text.done', ...at, summary_index: 0, text: item.text });
      emit({ type: 'response.reasoning_summary_part.done', ...at, summary_index: 0, part });
      done = { type: 'reasoning', id: item.id, summary: [part] };
      const signed = thinking.take();
      if (signed !== undefined) done.encrypted_content = signed;
      if (status === 'incomplete') done.status = status;
    } else if (item.kind === 'text') {
      const part = { type: 'output_text' as const, text: item.text, annotations: [], logprobs: [] };
      emit({ type: 'response.output_text.done', ...at, content_index: 0, text: item.text, logprobs: [] });
      emit({ type: 'response.content_part.done', ...at, content_index: 0, part });
      done = { type: 'message', id: item.id, status, role: 'assistant', content: [part] };
    } else {
      const part = { type: 'refusal' as const, refusal: item.text };
      emit({ type: 'response.refusal.done', ...at, content_index: 0, refusal: item.text });
      emit({ type: 'response.content_part.done', ...at, content_index: 0, part });
      done = { type: 'message', id: item.id, status, role: 'assistant', content: [part] };
    }
    output[item.index] = done;
    emit({ type: 'response.output_item.done', output_index: item.index, item: structuredClone(done) });
  };

  const startCall = (call: ToolCall) => {
    const custom = isCustomTool(call.name, context.toolNames);
    const id = `${custom ? 'ctc' : 'fc'}_${generateId()}`;
    if (call.id === '') call.id = `call_${generateId()}`;
    const index = addItem(toolCallItem(id, call.id, call.name, '', context.toolNames, 'in_progress'));
    call.item = { id, index };
  };
  // A custom tool's input is read from the whole arguments (`{"input": "…"}`), so it is sent in one delta when the call closes.
  const callDelta = (call: ToolCall, delta: string) => {
    if (isCustomTool(call.name, context.toolNames)) return;
    emit({ type: 'response.function_call_arguments.delta', item_id: call.item!.id, output_index: call.item!.index, delta });
  };
  const closeCall = (call: ToolCall, status: ResponsesItemStatus) => {
    const at = { item_id: call.item!.id, output_index: call.item!.index };
    const done = toolCallItem(call.item!.id, call.id, call.name, call.arguments.length === 0 && !isCustomTool(call.name, context.toolNames) ? '{}' : call.arguments, context.toolNames, status);
    if (done.type === 'custom_tool_call') {
      if (done.input.length > 0) emit({ type: 'response.custom_tool_call_input.delta', ...at, delta: done.input });
      emit({ type: 'response.custom_tool_call_input.done', ...at, input: done.input });
    } else {
      if (call.arguments.length === 0) {
        call.arguments = '{}';
        callDelta(call, '{}');
      }
      emit({ type: 'response.function_call_arguments.done', ...at, name: done.name, arguments: call.arguments });
    }
    output[call.item!.index] = done;
    emit({ type: 'response.output_item.done', output_index: call.item!.index, item: structuredClone(done) });
  };

  const streamText = (kind: TextKind, text: string) => {
    if (liveKey !== null) {
      if (kind === 'reasoning') trailingReasoning += text;
      else trailingText += text;
      return;
    }
    if (open?.kind !== kind) {
      if (open !== null) closeText(open, 'completed');
      open = openText(kind);
    }
    textDelta(open, text);
  };

  const toolDelta = (fragment: unknown, position: number) => {
    const fields = asObject(fragment);
    if (fields === null) return;
    const key = typeof fields.index === 'number' ? fields.index : position;
    const fn = asObject(fields.function);
    let call = tools.get(key);
    if (call === undefined) {
      call = { id: '', name: '', arguments: '', item: null };
      tools.set(key, call);
    }
    // Later fragments repeat `id: ""` or `name: ""` (DashScope, Mistral): only the first non-empty value counts.
    if (call.id === '' && call.item === null) call.id = asText(fields.id) ?? '';
    if (call.name === '') call.name = asText(fn?.name) ?? '';
    const args = asText(fn?.arguments) ?? '';
    call.arguments += args;
    if (liveKey === null) {
      if (open !== null) closeText(open, 'completed');
      open = null;
      liveKey = key;
    }
    if (key !== liveKey || call.name === '') return;
    if (call.item === null) {
      startCall(call);
      if (call.arguments.length > 0) callDelta(call, call.arguments);
    } else if (args.length > 0) callDelta(call, args);
  };

  /** Closes the live item and sends everything held back, the last item `incomplete` when the response is. */
  const finishItems = (status: ResponsesItemStatus) => {
    if (finished) return;
    finished = true;
    const closers: Array<(itemStatus: ResponsesItemStatus) => void> = [];
    const live = open;
    if (live !== null) closers.push((itemStatus) => closeText(live, itemStatus));
    open = null;
    for (const call of tools.values()) {
      // A call the upstream never named cannot be expressed as a function_call item; it is dropped.
      if (call.name === '') continue;
      if (call.item !== null) {
        closers.push((itemStatus) => closeCall(call, itemStatus));
        continue;
      }
      closers.push((itemStatus) => {
        startCall(call);
        if (call.arguments.length > 0) callDelta(call, call.arguments);
        closeCall(call, itemStatus);
      });
    }
    for (const [kind, text] of [['reasoning', trailingReasoning], ['text', trailingText]] as const) {
      if (text.length === 0 && !(kind === 'reasoning' && thinking.pending)) continue;
      closers.push((itemStatus) => {
        const item = openText(kind);
        if (text.length > 0) textDelta(item, text);
        closeText(item, itemStatus);
      });
    }
    closers.forEach((close, index) => close(index === closers.length - 1 ? status : 'completed'));
  };

  const fail = (code: string, message: string) => {
    start();
    const failed = snapshot();
    for (const item of failed.output) if ('status' in item && item.status === 'in_progress') item.status = 'incomplete';
    if (open !== null) {
      // The open text item as far as it came, so the failed response shows it.
      const partial = failed.output[open.index];
      if (partial.type === 'reasoning') partial.summary = [{ type: 'summary_text', text: open.text }];
      else if (partial.type === 'message') partial.content = [open.kind === 'refusal' ? { type: 'refusal', refusal: open.text } : { type: 'output_text', text: open.text, annotations: [], logprobs: [] }];
      partial.status = 'incomplete';
    }
    for (const call of tools.values()) {
      const partial = call.item === null ? undefined : failed.output[call.item.index];
      if (partial?.type === 'function_call' && partial.status !== 'completed') partial.arguments = call.arguments;
      if (partial?.type === 'custom_tool_call' && partial.status !== 'completed') partial.input = customToolInput(call.arguments);
    }
    failed.status = 'failed';
    failed.error = { code, message };
    failed.usage = usage === null ? null : responsesUsage(usage);
    emit({ type: 'response.failed', response: failed });
  };

  const onChunk = (chunk: Record<string, unknown>) => {
    const chunkUsage = usageOf(chunk);
    if (chunkUsage !== null) usage = chunkUsage;
    start();
    if (finished) return;
    const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
    const choice = asObject(choices.find((entry) => (asObject(entry)?.index ?? 0) === 0));
    if (choice === null) return;
    const fields = asObject(choice.delta) ?? {};
    const reasoning = asText(fields.reasoning_content) ?? asText(fields.reasoning);
    if (reasoning !== null) streamText('reasoning', reasoning);
    if (fields.thinking_blocks !== undefined) {
      thinking.add(fields.thinking_blocks);
      // Redacted thinking has no text: it still needs a reasoning item to travel in (after a call began, the trailing one).
      if (reasoning === null && thinking.pending && liveKey === null && open?.kind !== 'reasoning') {
        if (open !== null) closeText(open, 'completed');
        open = openText('reasoning');
      }
    }
    const text = asText(fields.content);
    if (text !== null) streamText('text', text);
    const refusal = asText(fields.refusal);
    if (refusal !== null) streamText('refusal', refusal);
    if (Array.isArray(fields.tool_calls)) fields.tool_calls.forEach(toolDelta);
    if (choice.finish_reason !== null && choice.finish_reason !== undefined) {
      finishReason = choice.finish_reason;
      finishItems(incompleteReason(finishReason) === null ? 'completed' : 'incomplete');
    }
  };

  const flush = function* (): Generator<ResponsesStreamEvent> {
    const ready = out;
    out = [];
    yield* ready;
  };

  let done = false;
  try {
    for await (const event of events) {
      if (event.type === 'error') {
        fail(responsesErrorCode(event.error), event.error.message);
        yield* flush();
        return;
      }
      if (event.type === 'done') {
        done = true;
        break;
      }
      onChunk(event.chunk);
      yield* flush();
    }
  } catch (error) {
    // Reading the upstream failed (a timeout, a reset): the client still gets a terminal event.
    yield* flush();
    fail('server_error', RouterError.isInstance(error) ? error.message : 'The upstream stream failed.');
    yield* flush();
    return;
  }
  if (!done && finishReason === null) {
    fail('server_error', 'The upstream stream ended before the response was complete.');
    yield* flush();
    return;
  }
  start();
  const reason = incompleteReason(finishReason);
  finishItems(reason === null ? 'completed' : 'incomplete');
  const final = snapshot();
  final.usage = responsesUsage(usage);
  if (reason === null) {
    final.status = 'completed';
    final.completed_at = seconds(now);
    emit({ type: 'response.completed', response: final });
  } else {
    final.status = 'incomplete';
    final.incomplete_details = { reason };
    emit({ type: 'response.incomplete', response: final });
  }
  yield* flush();
}
