/**
 * Responses tools → chat function tools. Function tools pass as they are; the functions of a
 * `namespace` tool become plain functions with a flattened name (`<namespace>__<name>`, made unique);
 * a `custom` (freeform) tool becomes a function taking one string, `input` (its grammar, if it has
 * one, in that parameter's description), and its calls go back as `custom_tool_call` items; tools
 * the router cannot run (hosted tools such as `web_search`) are dropped and named, or refused.
 */
import { InvalidRequestError } from '../../errors.js';
import { customToolSchema, functionToolSchema, namespaceToolSchema, toolChoiceSchema, type CustomTool, type FunctionTool } from './request-schema.js';
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
 * A custom tool as a chat function: one required string parameter, `input`, that carries the raw
 * text the tool takes (described, with the grammar when the tool has one, so the model can follow it).
 */
function customChatTool(tool: CustomTool, name: string): ChatTool {
  const format = tool.format;
  const input = format?.type === 'grammar'
    ? `The raw input for this tool, as plain text (not JSON). It must match this ${format.syntax} grammar:\n${format.definition}`
    : 'The raw input for this tool, as plain text (not JSON).';
  const fn: ChatTool['function'] = {
    name,
    parameters: { type: 'object', properties: { input: { type: 'string', description: input } }, required: ['input'], additionalProperties: false },
  };
  if (typeof tool.description === 'string' && tool.description.length > 0) fn.description = tool.description;
  return { type: 'function', function: fn };
}

/**
 * The raw input of a custom tool call from the arguments the upstream sent for its function:
 * `{"input": "…"}` as asked; an object with a single string field, or a JSON string, as models
 * sometimes answer; anything else (arguments that are not JSON) as the raw text itself.
 */
export function customToolInput(args: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(args);
  } catch {
    return args;
  }
  if (typeof parsed === 'string') return parsed;
  if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
    const fields = parsed as Record<string, unknown>;
    if (typeof fields.input === 'string') return fields.input;
    const values = Object.values(fields);
    if (values.length === 1 && typeof values[0] === 'string') return values[0];
  }
  return args;
}

/**
 * Reads `tools`. Names are reserved in order: plain functions and custom tools first (their names are the client's
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
    if (type !== 'function' && type !== 'custom') continue;
    const { name } = type === 'function' ? parse(functionToolSchema, tool, param) : parse(customToolSchema, tool, param);
    if (taken.has(name)) throw invalid(`${param}.name`, `tool name "${name}" is used twice`);
    taken.add(name);
  }
  for (const { tool, param, type } of entries) {
    if (type === 'function') {
      const fn = parse(functionToolSchema, tool, param);
      tools.push(chatTool(fn, fn.name));
      offered.push(tool);
    } else if (type === 'custom') {
      const custom = parse(customToolSchema, tool, param);
      tools.push(customChatTool(custom, custom.name));
      toolNames[custom.name] = { name: custom.name, custom: true };
      offered.push(tool);
    } else if (type === 'namespace') {
      const namespace = parse(namespaceToolSchema, tool, param);
      const kept: unknown[] = [];
      namespace.tools.forEach((inner, index) => {
        const innerParam = `${param}.tools.${index}`;
        if (inner.type === 'custom') {
          const custom = parse(customToolSchema, inner, innerParam);
          const flat = flatName(namespace.name, custom.name);
          tools.push(customChatTool(custom, flat));
          toolNames[flat] = { namespace: namespace.name, name: custom.name, custom: true };
          kept.push(inner);
          return;
        }
        if (inner.type !== 'function') return drop(inner.type, innerParam);
        const fn = parse(functionToolSchema, inner, innerParam);
        tools.push(chatTool(fn, flatName(namespace.name, fn.name)));
        kept.push(inner);
      });
      if (kept.length > 0) offered.push({ ...namespace, tools: kept });
    } else drop(type as string, param);
  }
  return { tools, offered, dropped, toolNames, flatName };
}

/**
 * `tool_choice` → chat: `auto`/`none`/`required` as they are, a function or custom tool by its
 * (flattened) chat name. Forcing a tool the router dropped or cannot express (`allowed_tools`,
 * hosted, MCP) is a 400: answering without the tool the client insisted on would be wrong.
 */
export function translateToolChoice(raw: unknown, translated: TranslatedTools): ChatToolChoice {
  const choice = parse(toolChoiceSchema, raw, 'tool_choice');
  if (typeof choice === 'string') return choice;
  if ((choice.type !== 'function' && choice.type !== 'custom') || typeof choice.name !== 'string') throw invalid('tool_choice', `tool_choice type "${choice.type}" is not supported when the provider speaks OpenAI chat completions; use "auto", "none", "required", a function or a custom tool`);
  const namespace = typeof choice.namespace === 'string' && choice.namespace.length > 0 ? choice.namespace : null;
  const name = namespace === null ? choice.name : translated.flatName(namespace, choice.name);
  const custom = Object.hasOwn(translated.toolNames, name) && translated.toolNames[name].custom === true;
  if (!translated.tools.some((tool) => tool.function.name === name) || custom !== (choice.type === 'custom')) {
    throw invalid('tool_choice.name', `tool_choice names ${choice.type === 'custom' ? 'custom tool' : 'function'} "${choice.name}", which is not among the tools`);
  }
  return { type: 'function', function: { name } };
}
