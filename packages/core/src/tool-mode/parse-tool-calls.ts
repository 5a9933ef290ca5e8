/**
 * An incremental parser that finds tool calls a model wrote as XML inside its
 * text: `<tool_call>{"name":…,"arguments":{…}}</tool_call>` (Hermes / Qwen 2.5)
 * and `<tool_call><function=NAME><parameter=KEY>VALUE</parameter></function></tool_call>`
 * (Qwen3-Coder, also accepted without the `<tool_call>` wrapper). Text is fed in
 * arbitrary pieces (a tag may be split anywhere); text that may still become a
 * tag is held back, so no tag fragment ever leaks into the content.
 */

/** A piece of the model's answer: plain text, or one complete tool call. */
export type ParsedPart = { type: 'text'; text: string } | { type: 'tool_call'; name: string; arguments: string };

/** The part of an OpenAI tool definition the parser reads (to type Qwen3-Coder parameters). */
export interface ToolDefinition {
  type?: string;
  function?: { name?: string; description?: string; parameters?: unknown };
}

/** Options for the parser. */
export interface ToolCallParserOptions {
  /** The request's tool definitions: a parameter whose schema says `string` stays a string. */
  tools?: readonly ToolDefinition[];
  /** An open tag whose close does not arrive within this many characters is passed through as text (default 4 MiB). */
  maxCallLength?: number;
}

/** Feed text in, get parts out. */
export interface ToolCallParser {
  /** Adds text; returns what can be decided now. */
  push(text: string): ParsedPart[];
  /** Ends the input; returns everything still held (an unclosed tag becomes text). */
  end(): ParsedPart[];
  /** Number of tool calls found so far. */
  readonly toolCalls: number;
}

const OPENERS = [
  { open: '<tool_call>', close: '</tool_call>' },
  { open: '<function=', close: '</function>' },
] as const;
type Opener = (typeof OPENERS)[number];
const LONGEST_OPEN = Math.max(...OPENERS.map((opener) => opener.open.length));
const TRAILING_SPACE = /\s+$/;
const LEADING_SPACE = /^\s+/;

/** The parameter types a tool declares, by tool name then parameter name. */
function parameterTypes(tools: readonly ToolDefinition[] | undefined): Map<string, Map<string, string[]>> {
  const out = new Map<string, Map<string, string[]>>();
  for (const tool of tools ?? []) {
    const name = tool?.function?.name;
    const properties = (tool?.function?.parameters as { properties?: Record<string, { type?: unknown }> } | undefined)?.properties;
    if (typeof name !== 'string' || !properties || typeof properties !== 'object') continue;
    const types = new Map<string, string[]>();
    for (const [key, schema] of Object.entries(properties)) {
      const type = schema?.type;
      types.set(key, Array.isArray(type) ? type.map(String) : typeof type === 'string' ? [type] : []);
    }
    out.set(name, types);
  }
  return out;
}

function tryJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** Parses `{"name": …, "arguments": …}` (arguments may be an object or its JSON text). */
function parseHermes(inner: string): { name: string; arguments: string } | null {
  const unfenced = inner.replace(/^```(?:json)?\s*/i, '').replace(/\s*```$/, '');
  const parsed = tryJson(unfenced);
  if (!parsed.ok || !parsed.value || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) return null;
  const call = parsed.value as Record<string, unknown>;
  if (typeof call.name !== 'string' || call.name.length === 0) return null;
  const args = call.arguments ?? call.parameters ?? {};
  if (typeof args === 'string') {
    const inner = tryJson(args);
    return inner.ok && inner.value !== null && typeof inner.value === 'object' ? { name: call.name, arguments: args } : null;
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return null;
  return { name: call.name, arguments: JSON.stringify(args) };
}

/** Parses `<function=NAME><parameter=KEY>VALUE</parameter>…</function>`. */
function parseQwenCoder(text: string, types: Map<string, Map<string, string[]>>): { name: string; arguments: string } | null {
  const match = /^<function=([^>\n]+)>([\s\S]*)<\/function>$/.exec(text);
  if (!match) return null;
  const name = match[1].trim();
  if (!name) return null;
  const declared = types.get(name);
  const args: Record<string, unknown> = {};
  const rest = match[2].replace(/<parameter=([^>\n]+)>([\s\S]*?)<\/parameter>/g, (_whole, key: string, raw: string) => {
    // The format puts each value on its own lines: one newline either side is layout, not value.
    const value = raw.replace(/^\n/, '').replace(/\n$/, '');
    const type = declared?.get(key.trim());
    const wantsString = type ? type.includes('string') || type.length === 0 : false;
    let converted: unknown = value;
    if (!wantsString) {
      const trimmed = value.trim();
      const looksJson = type ? true : /^(?:[[{"]|-?\d|true$|false$|null$)/.test(trimmed);
      const parsed = looksJson ? tryJson(trimmed) : { ok: false as const };
      if (parsed.ok) converted = parsed.value;
    }
    args[key.trim()] = converted;
    return '';
  });
  if (rest.trim().length > 0) return null;
  return { name, arguments: JSON.stringify(args) };
}

/** Creates a parser for one choice of one response. */
export function createToolCallParser(options: ToolCallParserOptions = {}): ToolCallParser {
  const types = parameterTypes(options.tools);
  const maxCallLength = options.maxCallLength ?? 4 << 20;
  let buffer = '';
  let opener: Opener | null = null;
  /** Whitespace seen after text, emitted only if more text follows (dropped before a tool call). */
  let pendingSpace = '';
  /** Whitespace dropped before the current open tag, given back if the tag turns out malformed. */
  let spaceBeforeTag = '';
  /** After a tool call, leading whitespace is layout and is skipped. */
  let afterCall = false;
  /** How far the current call has been searched for its close tag. */
  let searchedTo = 0;

  function text(parts: ParsedPart[], value: string): void {
    if (!value) return;
    const last = parts.at(-1);
    if (last?.type === 'text') last.text += value;
    else parts.push({ type: 'text', text: value });
  }

  function heldPrefix(value: string): number {
    for (let length = Math.min(LONGEST_OPEN - 1, value.length); length > 0; length--) {
      const tail = value.slice(value.length - length);
      if (OPENERS.some((candidate) => candidate.open.startsWith(tail))) return length;
    }
    return 0;
  }

  function emitText(parts: ParsedPart[], value: string): void {
    if (!value) return;
    const body = value.replace(TRAILING_SPACE, '');
    if (!body) {
      pendingSpace += value;
      return;
    }
    text(parts, pendingSpace + body);
    pendingSpace = value.slice(body.length);
  }

  function run(parts: ParsedPart[]): void {
    while (buffer.length > 0) {
      if (!opener) {
        if (afterCall) {
          buffer = buffer.replace(LEADING_SPACE, '');
          if (!buffer) return;
          afterCall = false;
        }
        let found = -1;
        for (const candidate of OPENERS) {
          const index = buffer.indexOf(candidate.open);
          if (index >= 0 && (found < 0 || index < found)) {
            found = index;
            opener = candidate;
          }
        }
        if (found < 0) {
          const hold = heldPrefix(buffer);
          emitText(parts, buffer.slice(0, buffer.length - hold));
          buffer = buffer.slice(buffer.length - hold);
          return;
        }
        const before = buffer.slice(0, found);
        const body = before.replace(TRAILING_SPACE, '');
        if (body) {
          text(parts, pendingSpace + body);
          spaceBeforeTag = before.slice(body.length);
        } else {
          spaceBeforeTag = pendingSpace + before;
        }
        pendingSpace = '';
        buffer = buffer.slice(found);
        searchedTo = opener!.open.length;
        continue;
      }
      const close = buffer.indexOf(opener.close, Math.max(opener.open.length, searchedTo - opener.close.length));
      if (close < 0) {
        searchedTo = buffer.length;
        if (buffer.length > maxCallLength) malformed(parts, buffer.length);
        return;
      }
      const end = close + opener.close.length;
      const raw = buffer.slice(0, end);
      const inner = raw.slice(opener.open.length, close).trim();
      const call = opener.open === '<tool_call>' ? (inner.startsWith('<function=') ? parseQwenCoder(inner, types) : parseHermes(inner)) : parseQwenCoder(raw, types);
      if (call) {
        parts.push({ type: 'tool_call', ...call });
        parser.toolCalls++;
        spaceBeforeTag = '';
        afterCall = true;
        opener = null;
        buffer = buffer.slice(end);
      } else {
        malformed(parts, end);
      }
    }
  }

  /** Gives the first `length` characters back as text: a tag that is not a tool call. */
  function malformed(parts: ParsedPart[], length: number): void {
    text(parts, spaceBeforeTag + buffer.slice(0, length));
    spaceBeforeTag = '';
    opener = null;
    buffer = buffer.slice(length);
  }

  // a plain counter field, not a getter: an object literal with a getter gets a hidden class of its own per stream
  const parser: ToolCallParser & { toolCalls: number } = {
    toolCalls: 0,
    push(value) {
      const parts: ParsedPart[] = [];
      buffer += value;
      run(parts);
      return parts;
    },
    end() {
      const parts: ParsedPart[] = [];
      if (opener) malformed(parts, buffer.length);
      if (buffer) {
        if (!(afterCall && !buffer.trim())) text(parts, pendingSpace + buffer);
        pendingSpace = '';
        buffer = '';
      }
      text(parts, pendingSpace);
      pendingSpace = '';
      return parts;
    },
  };
  return parser;
}

/** Parses a whole text at once. */
export function parseToolCalls(text: string, options: ToolCallParserOptions = {}): ParsedPart[] {
  const parser = createToolCallParser(options);
  const parts = [...parser.push(text), ...parser.end()];
  const merged: ParsedPart[] = [];
  for (const part of parts) {
    const last = merged.at(-1);
    if (part.type === 'text' && last?.type === 'text') last.text += part.text;
    else merged.push(part);
  }
  return merged;
}
