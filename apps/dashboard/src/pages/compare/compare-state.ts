/**
 * A comparison's state, built from the events of `POST /v1/compare` (each tagged by its target)
 * or from a stored comparison (`GET /v1/compare/:id`): one column per target with its text,
 * reasoning and tool calls so far, then its timings and usage. Pure functions, no React.
 */
import type { StreamEvent } from './event-stream.ts';

/** A tool call as the streamed deltas build it. */
export interface ToolCall {
  id: string | null;
  name: string;
  arguments: string;
}

/** Token counts of an answer. */
export interface Usage {
  promptTokens: number | null;
  completionTokens: number | null;
  totalTokens: number | null;
}

/** One target's column. */
export interface CompareColumn {
  /** `<provider-id>/<model>`. */
  target: string;
  /** `waiting` before its first token, `streaming` after, `done` or `error` once its `done` came. */
  status: 'waiting' | 'streaming' | 'done' | 'error';
  text: string;
  reasoning: string;
  toolCalls: ToolCall[];
  requestId: string | null;
  httpStatus: number | null;
  ttftMs: number | null;
  totalMs: number | null;
  tokensPerSecond: number | null;
  usage: Usage | null;
  /** US dollars, when known (the provider's figure or the router's price list); null: unknown, not free. */
  cost: number | null;
  finishReason: string | null;
  error: string | null;
}

/** A whole comparison. */
export interface CompareState {
  compareId: string | null;
  targets: string[];
  columns: Record<string, CompareColumn>;
  /** True once the stream's `end` came (or a stored comparison was loaded). */
  ended: boolean;
  startedAt: number | null;
}

/** The state before the first event: a waiting column per target. */
export function initialCompareState(targets: readonly string[]): CompareState {
  return { compareId: null, targets: [...targets], columns: Object.fromEntries(targets.map((target) => [target, emptyColumn(target)])), ended: false, startedAt: null };
}

function emptyColumn(target: string): CompareColumn {
  return { target, status: 'waiting', text: '', reasoning: '', toolCalls: [], requestId: null, httpStatus: null, ttftMs: null, totalMs: null, tokensPerSecond: null, usage: null, cost: null, finishReason: null, error: null };
}

const isRecord = (value: unknown): value is Record<string, any> => !!value && typeof value === 'object' && !Array.isArray(value);
const numberOrNull = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const stringOrNull = (value: unknown) => (typeof value === 'string' ? value : null);

function usageOf(value: unknown): Usage | null {
  if (!isRecord(value)) return null;
  return { promptTokens: numberOrNull(value.promptTokens), completionTokens: numberOrNull(value.completionTokens), totalTokens: numberOrNull(value.totalTokens) };
}

/** Merges one streamed tool call delta (OpenAI's `{index, id?, function: {name?, arguments?}}`) into the calls so far. */
export function mergeToolCall(calls: readonly ToolCall[], delta: unknown): ToolCall[] {
  if (!isRecord(delta)) return [...calls];
  const index = typeof delta.index === 'number' ? delta.index : calls.length;
  const next = [...calls];
  const before = next[index] ?? { id: null, name: '', arguments: '' };
  const fn = isRecord(delta.function) ? delta.function : {};
  next[index] = {
    id: stringOrNull(delta.id) ?? before.id,
    name: before.name + (typeof fn.name === 'string' ? fn.name : ''),
    arguments: before.arguments + (typeof fn.arguments === 'string' ? fn.arguments : ''),
  };
  // a delta for a later index leaves holes only if the upstream skipped one: fill them
  for (let i = 0; i < next.length; i++) next[i] ??= { id: null, name: '', arguments: '' };
  return next;
}

function withColumn(state: CompareState, target: string, update: (column: CompareColumn) => CompareColumn): CompareState {
  const column = state.columns[target] ?? emptyColumn(target);
  const targets = state.targets.includes(target) ? state.targets : [...state.targets, target];
  return { ...state, targets, columns: { ...state.columns, [target]: update(column) } };
}

/** The state after one event of the stream (an unknown event or target-less data leaves it as it is). */
export function applyCompareEvent(state: CompareState, event: StreamEvent): CompareState {
  const data = event.data;
  if (!isRecord(data)) return state;
  switch (event.event) {
    case 'start': {
      const targets = Array.isArray(data.targets) ? data.targets.filter((item: unknown): item is string => typeof item === 'string') : state.targets;
      const columns = Object.fromEntries(targets.map((target: string) => [target, state.columns[target] ?? emptyColumn(target)]));
      return { ...state, compareId: stringOrNull(data.compareId) ?? state.compareId, targets, columns };
    }
    case 'delta': {
      if (typeof data.target !== 'string') return state;
      return withColumn(state, data.target, (column) => ({
        ...column,
        status: column.status === 'waiting' ? 'streaming' : column.status,
        text: typeof data.text === 'string' ? column.text + data.text : column.text,
        reasoning: typeof data.reasoning === 'string' ? column.reasoning + data.reasoning : column.reasoning,
        toolCalls: data.tool_call !== undefined ? mergeToolCall(column.toolCalls, data.tool_call) : column.toolCalls,
      }));
    }
    case 'done': {
      if (typeof data.target !== 'string') return state;
      return withColumn(state, data.target, (column) => ({
        ...column,
        status: data.status === 'ok' ? 'done' : 'error',
        requestId: stringOrNull(data.requestId),
        httpStatus: numberOrNull(data.httpStatus),
        ttftMs: numberOrNull(data.ttftMs),
        totalMs: numberOrNull(data.totalMs),
        tokensPerSecond: numberOrNull(data.tokensPerSecond),
        usage: usageOf(data.usage),
        cost: numberOrNull(data.cost),
        finishReason: stringOrNull(data.finishReason),
        error: isRecord(data.error) ? (stringOrNull(data.error.message) ?? 'failed') : data.status === 'ok' ? null : 'failed',
      }));
    }
    case 'end':
      return { ...state, ended: true, compareId: stringOrNull(data.compareId) ?? state.compareId };
    default:
      return state;
  }
}

/** Marks the targets still running as failed (the stream broke off or was stopped). */
export function abortCompare(state: CompareState, message: string): CompareState {
  const columns = Object.fromEntries(Object.entries(state.columns).map(([target, column]) => [target, column.status === 'waiting' || column.status === 'streaming' ? { ...column, status: 'error' as const, error: message } : column]));
  return { ...state, columns, ended: true };
}

/** The tool calls a stored leg kept (OpenAI's `[{id, function: {name, arguments}}]`). */
function storedToolCalls(value: unknown): ToolCall[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).map((call) => {
    const fn = isRecord(call.function) ? call.function : {};
    return { id: stringOrNull(call.id), name: typeof fn.name === 'string' ? fn.name : '', arguments: typeof fn.arguments === 'string' ? fn.arguments : JSON.stringify(fn.arguments ?? '') };
  });
}

/** The state of a stored comparison (`GET /v1/compare/:id`). */
export function stateOfStoredCompare(stored: unknown): CompareState {
  const data = isRecord(stored) ? stored : {};
  const legs = Array.isArray(data.legs) ? data.legs.filter(isRecord) : [];
  const targets = legs.map((leg, index) => (typeof leg.target === 'string' ? leg.target : `target ${index + 1}`));
  const columns: Record<string, CompareColumn> = {};
  legs.forEach((leg, index) => {
    const target = targets[index];
    const error = isRecord(leg.error) ? (stringOrNull(leg.error.message) ?? stringOrNull(leg.error.code) ?? 'failed') : null;
    columns[target] = {
      target,
      status: leg.status === 'ok' ? 'done' : 'error',
      text: typeof leg.text === 'string' ? leg.text : '',
      reasoning: typeof leg.reasoning === 'string' ? leg.reasoning : '',
      toolCalls: storedToolCalls(leg.toolCalls),
      requestId: stringOrNull(leg.requestId),
      httpStatus: numberOrNull(leg.httpStatus),
      ttftMs: numberOrNull(leg.ttftMs),
      totalMs: numberOrNull(leg.totalMs),
      tokensPerSecond: numberOrNull(leg.tokensPerSecond),
      usage: usageOf(leg.usage),
      cost: numberOrNull(leg.cost),
      finishReason: stringOrNull(leg.finishReason),
      error: leg.status === 'ok' ? null : error ?? 'failed',
    };
  });
  return { compareId: stringOrNull(data.id), targets, columns, ended: true, startedAt: numberOrNull(data.startedAt) };
}

/** Prices in a currency per million tokens. */
export interface Price {
  input: number;
  output: number;
}

/** The cost of an answer at the given prices, or null when the usage or a price is not known. */
export function costOf(usage: Usage | null, price: Price | null | undefined): number | null {
  if (!usage || !price || usage.promptTokens === null || usage.completionTokens === null) return null;
  return (usage.promptTokens * price.input + usage.completionTokens * price.output) / 1_000_000;
}

/** The fastest column by a measure (lowest time, highest throughput), to mark it; null with fewer than two measured. */
export function bestTarget(state: CompareState, measure: 'ttftMs' | 'totalMs' | 'tokensPerSecond'): string | null {
  const measured = state.targets.map((target) => [target, state.columns[target]?.[measure] ?? null] as const).filter((entry): entry is readonly [string, number] => entry[1] !== null && state.columns[entry[0]]?.status === 'done');
  if (measured.length < 2) return null;
  const sorted = [...measured].sort((a, b) => (measure === 'tokensPerSecond' ? b[1] - a[1] : a[1] - b[1]));
  return sorted[0][1] === sorted[1][1] ? null : sorted[0][0];
}

/** What a comparison request sends: a prompt, or a conversation given as JSON (`messages`, and optionally `tools`). */
export interface CompareInput {
  targets: string[];
  prompt: string;
  /** JSON text: an array of messages, or `{messages, tools?}`; used instead of the prompt when not empty. */
  conversation: string;
  maxTokens: string;
  temperature: string;
}

/** The body of `POST /v1/compare`, or the errors by field. */
export function compareBody(input: CompareInput): { ok: true; body: Record<string, unknown> } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const targets = input.targets.map((target) => target.trim()).filter(Boolean);
  if (targets.length < 2 || targets.length > 6) errors.targets = 'pick 2 to 6 targets';
  else if (new Set(targets).size !== targets.length) errors.targets = 'a target is picked twice';
  const body: Record<string, unknown> = { targets };
  if (input.conversation.trim()) {
    try {
      const parsed = JSON.parse(input.conversation);
      const messages = Array.isArray(parsed) ? parsed : isRecord(parsed) ? parsed.messages : undefined;
      if (!Array.isArray(messages) || messages.length === 0) errors.conversation = 'must be a list of messages, or {"messages": [...], "tools": [...]}';
      else {
        body.messages = messages;
        if (isRecord(parsed) && parsed.tools !== undefined) body.tools = parsed.tools;
      }
    } catch {
      errors.conversation = 'must be valid JSON';
    }
  } else if (input.prompt.trim()) body.prompt = input.prompt;
  else errors.prompt = 'write a prompt (or give a conversation)';
  if (input.maxTokens.trim()) {
    const value = Number(input.maxTokens);
    if (!Number.isInteger(value) || value <= 0) errors.maxTokens = 'must be a positive whole number';
    else body.max_tokens = value;
  }
  if (input.temperature.trim()) {
    const value = Number(input.temperature);
    if (!Number.isFinite(value) || value < 0 || value > 2) errors.temperature = 'must be between 0 and 2';
    else body.temperature = value;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, body };
}

/** The form's input for a stored comparison's request, to run it again. */
export function inputOfStoredCompare(stored: unknown): CompareInput | null {
  if (!isRecord(stored) || !isRecord(stored.request) || !Array.isArray(stored.request.messages)) return null;
  const { messages, tools, max_tokens: maxTokens, temperature } = stored.request;
  const single = messages.length === 1 && isRecord(messages[0]) && messages[0].role === 'user' && typeof messages[0].content === 'string' && tools === undefined;
  return {
    targets: Array.isArray(stored.targets) ? stored.targets.filter((item: unknown): item is string => typeof item === 'string') : [],
    prompt: single ? (messages[0].content as string) : '',
    conversation: single ? '' : JSON.stringify(tools === undefined ? { messages } : { messages, tools }, null, 2),
    maxTokens: typeof maxTokens === 'number' ? String(maxTokens) : '',
    temperature: typeof temperature === 'number' ? String(temperature) : '',
  };
}
