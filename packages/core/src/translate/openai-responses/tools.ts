/**
 * Responses tools → chat function tools. Function tools pass as they are; the functions of a
 * `namespace` tool become plain functions with a flattened name (`<namespace>__<name>`, made unique);
 * tools the router cannot run (hosted tools such as `web_search`, and `custom` freeform tools,
 * whose raw-text input chat functions cannot express) are dropped and named, or refused.
 */
import { InvalidRequestError } from '../../errors.js';
import { functionToolSchema, namespaceToolSchema, toolChoiceSchema, type FunctionTool } from './request-schema.js';
import type { ChatTool, ChatToolChoice, NamespacedToolNames } from './types.js';

/** OpenAI's limit on a function name (`^[a-zA-Z0-9_-]{1,64}$`). */
const MAX_NAME_LENGTH = 64;

/** The chat side of a request's tools. */
export interface TranslatedTools {
  /** The chat function tools. */
  tools: ChatTool[];
  /** The client's tools that were sent on (hosted ones left out), to echo in the response. */
  offered: unknown[];
  /** Type names of the tools dropped, in first-seen order, without repeats. */
  dropped: string[];
  /** Flattened name → namespace and function name, to map calls back. */
  toolNames: NamespacedToolNames;
  /** The flattened chat name of a namespaced function (for history items and `tool_choice`). */
  flatName: (namespace: string, name: string) => string;
}

function invalid(param: string, message: string): InvalidRequestError {
  return new InvalidRequestError(message.startsWith(param) ? message : `${param}: ${message}`, param, 'invalid_value');
}

function parse<T>(schema: { safeParse: (value: unknown) => { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } } }, value: unknown, param: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = [param, ...issue.path.map(String)].join('.');
  throw invalid(path, issue.message);
}

function chatTool(tool: FunctionTool, name: string): ChatTool {
  const fn: ChatTool['function'] = { name };
  if (typeof tool.description === 'string' && tool.description.length > 0) fn.description = tool.description;
  if (tool.parameters !== null && tool.parameters !== undefined) fn.parameters = tool.parameters;
  // Only an explicit `strict: true` is sent: the Responses default (strict) is not chat's, and many providers know no `strict`.
  if (tool.strict === true) fn.strict = true;
  return { type: 'function', function: fn };
}

/**
 * Reads `tools`. Names are reserved in order: plain functions first (their names are the client's
 * and cannot change), then namespaced functions, each `<namespace>__<name>` with characters OpenAI
 * refuses replaced by `_`, shortened to 64 characters and given a `_2`, `_3`… suffix when it would
 * collide with a name already taken.
 */
export function translateTools(raw: readonly unknown[] | null | undefined, options: { refuseHostedTools?: boolean } = {}): TranslatedTools {
  const tools: ChatTool[] = [];
  const offered: unknown[] = [];
  const dropped: string[] = [];
  const toolNames: NamespacedToolNames = {};
  const taken = new Set<string>();
  const byNamespace = new Map<string, string>();
  const drop = (type: string, param: string) => {
    if (options.refuseHostedTools === true) throw invalid(param, `tool type "${type}" cannot run on a provider that speaks OpenAI chat completions; only function and namespace tools can`);
    if (!dropped.includes(type)) dropped.push(type);
  };
  const flatName = (namespace: string, name: string): string => {
    const key = JSON.stringify([namespace, name]);
    const known = byNamespace.get(key);
    if (known !== undefined) return known;
    const base = `${namespace}__${name}`.replace(/[^a-zA-Z0-9_-]/g, '_');
    let flat = base.slice(0, MAX_NAME_LENGTH);
    for (let suffix = 2; taken.has(flat); suffix++) flat = `${base.slice(0, MAX_NAME_LENGTH - String(suffix).length - 1)}_${suffix}`;
    taken.add(flat);
    byNamespace.set(key, flat);
    toolNames[flat] = { namespace, name };
    return flat;
  };

  const list = raw ?? [];
  const entries = list.map((tool, index) => ({ tool, param: `tools.${index}`, type: (tool as { type?: unknown } | null)?.type }));
  for (const { type, param } of entries) if (typeof type !== 'string') throw invalid(`${param}.type`, 'each tool needs a type');
  for (const { tool, param, type } of entries) {
    if (type !== 'function') continue;
    const fn = parse(functionToolSchema, tool, param);
    if (taken.has(fn.name)) throw invalid(`${param}.name`, `function name "${fn.name}" is used twice`);
    taken.add(fn.name);
  }
  for (const { tool, param, type } of entries) {
    if (type === 'function') {
      const fn = parse(functionToolSchema, tool, param);
      tools.push(chatTool(fn, fn.name));
      offered.push(tool);
    } else if (type === 'namespace') {
      const namespace = parse(namespaceToolSchema, tool, param);
      const kept: unknown[] = [];
      namespace.tools.forEach((inner, index) => {
        if (inner.type !== 'function') return drop(inner.type, `${param}.tools.${index}`);
        const fn = parse(functionToolSchema, inner, `${param}.tools.${index}`);
        tools.push(chatTool(fn, flatName(namespace.name, fn.name)));
        kept.push(inner);
      });
      if (kept.length > 0) offered.push({ ...namespace, tools: kept });
    } else drop(type as string, param);
  }
  return { tools, offered, dropped, toolNames, flatName };
}

/**
 * `tool_choice` → chat: `auto`/`none`/`required` as they are, a function by its (flattened) name.
 * Forcing a tool the router dropped or cannot express (`allowed_tools`, hosted, custom, MCP) is a
 * 400: answering without the tool the client insisted on would be wrong.
 */
export function translateToolChoice(raw: unknown, translated: TranslatedTools): ChatToolChoice {
  const choice = parse(toolChoiceSchema, raw, 'tool_choice');
  if (typeof choice === 'string') return choice;
  if (choice.type !== 'function' || typeof choice.name !== 'string') throw invalid('tool_choice', `tool_choice type "${choice.type}" is not supported when the provider speaks OpenAI chat completions; use "auto", "none", "required" or a function`);
  const namespace = typeof choice.namespace === 'string' && choice.namespace.length > 0 ? choice.namespace : null;
  const name = namespace === null ? choice.name : translated.flatName(namespace, choice.name);
  if (!translated.tools.some((tool) => tool.function.name === name)) throw invalid('tool_choice.name', `tool_choice names function "${choice.name}", which is not among the tools`);
  return { type: 'function', function: { name } };
}
