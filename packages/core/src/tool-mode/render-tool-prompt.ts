/**
 * The request half of XML tool mode: a body with native `tools` becomes one an
 * upstream without tool support can take. Tool definitions and the format to
 * answer in go into the system prompt; earlier assistant `tool_calls` and
 * `tool` results become XML text, so multi-turn tool use works.
 */
import type { ChatCompletionBody } from '../spec/adapter.js';
import type { ToolDefinition } from './parse-tool-calls.js';

/** How the model is asked to write tool calls; the parser reads both either way. */
export type XmlToolStyle = 'hermes' | 'qwen3-coder';

/** What rendering did to a body. */
export interface RenderedToolBody {
  /** The body to send upstream. */
  body: ChatCompletionBody;
  /** True when tools were offered to the model, so its answer should be parsed for calls. */
  parse: boolean;
  /** The tool definitions offered. */
  tools: ToolDefinition[];
}

type Message = Record<string, any>;

const HERMES_FORMAT = [
  'For each function call, return a JSON object with the function name and arguments within <tool_call></tool_call> XML tags:',
  '<tool_call>',
  '{"name": <function-name>, "arguments": <args-json-object>}',
  '</tool_call>',
].join('\n');

const CODER_FORMAT = [
  'If you choose to call a function, reply in the following format:',
  '<tool_call>',
  '<function=example_function_name>',
  '<parameter=example_parameter_1>',
  'value_1',
  '</parameter>',
  '</function>',
  '</tool_call>',
  'Values that are not strings are written as JSON. You may call several functions, one <tool_call> block each.',
].join('\n');

/** Flattens message content (a string or text parts) to text. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return content == null ? '' : JSON.stringify(content);
  return content.map((part) => (typeof part === 'string' ? part : part?.type === 'text' && typeof part.text === 'string' ? part.text : JSON.stringify(part))).join('');
}

function parseArguments(text: unknown): unknown {
  if (typeof text !== 'string') return text ?? {};
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Renders one earlier tool call as the model would have written it. */
export function renderToolCall(call: { function?: { name?: string; arguments?: unknown } }, style: XmlToolStyle): string {
  const name = call?.function?.name ?? '';
  const args = parseArguments(call?.function?.arguments);
  if (style === 'hermes') return `<tool_call>\n${JSON.stringify({ name, arguments: args })}\n</tool_call>`;
  const params =
    args && typeof args === 'object' && !Array.isArray(args)
      ? Object.entries(args as Record<string, unknown>).map(([key, value]) => `<parameter=${key}>\n${typeof value === 'string' ? value : JSON.stringify(value)}\n</parameter>`)
      : [];
  return `<tool_call>\n<function=${name}>\n${params.join('\n')}${params.length ? '\n' : ''}</function>\n</tool_call>`;
}

function toolInstructions(tools: readonly ToolDefinition[], style: XmlToolStyle, toolChoice: unknown, parallel: unknown): string {
  const lines = [
    '# Tools',
    '',
    'You may call one or more functions to assist with the user query.',
    '',
    'You are provided with function signatures within <tools></tools> XML tags:',
    '<tools>',
    ...tools.map((tool) => JSON.stringify({ type: 'function', function: tool.function })),
    '</tools>',
    '',
    style === 'hermes' ? HERMES_FORMAT : CODER_FORMAT,
    '',
    'Function results come back inside <tool_response></tool_response> tags.',
  ];
  if (toolChoice === 'required') lines.push('You must call at least one function in this answer.');
  const forced = (toolChoice as { function?: { name?: string } } | null)?.function?.name;
  if (typeof forced === 'string') lines.push(`You must call the function "${forced}" in this answer.`);
  if (parallel === false) lines.push('Call at most one function in this answer.');
  return lines.join('\n');
}

function withSystemText(messages: Message[], text: string): Message[] {
  const index = messages.findIndex((message) => message?.role === 'system' || message?.role === 'developer');
  if (index < 0) return [{ role: 'system', content: text }, ...messages];
  const system = messages[index];
  const content = Array.isArray(system.content) ? [...system.content, { type: 'text', text: `\n\n${text}` }] : `${contentText(system.content)}\n\n${text}`;
  return messages.map((message, position) => (position === index ? { ...system, content } : message));
}

/** Rewrites the history: assistant tool calls become XML text, `tool` results become user `<tool_response>` blocks. */
function renderHistory(messages: Message[], style: XmlToolStyle): { messages: Message[]; changed: boolean } {
  const out: Message[] = [];
  const responseTurns = new WeakSet<Message>();
  let changed = false;
  for (const message of messages) {
    if (message?.role === 'assistant' && Array.isArray(message.tool_calls) && message.tool_calls.length > 0) {
      const { tool_calls: calls, ...rest } = message;
      const text = [contentText(message.content), ...calls.map((call: any) => renderToolCall(call, style))].filter(Boolean).join('\n');
      out.push({ ...rest, content: text });
      changed = true;
      continue;
    }
    if (message?.role === 'tool' || message?.role === 'function') {
      const block = `<tool_response>\n${contentText(message.content)}\n</tool_response>`;
      const previous = out.at(-1);
      // Consecutive results share one user turn, as Qwen's chat template renders them.
      if (previous && responseTurns.has(previous)) {
        previous.content += `\n${block}`;
      } else {
        const turn = { role: 'user', content: block };
        responseTurns.add(turn);
        out.push(turn);
      }
      changed = true;
      continue;
    }
    out.push(message);
  }
  return { messages: out, changed };
}

/** Renders tools and tool history into text; returns null when the body has neither (send it unchanged). */
export function renderToolPrompt(body: ChatCompletionBody, style: XmlToolStyle = 'hermes'): RenderedToolBody | null {
  const tools = (Array.isArray(body.tools) ? body.tools : []).filter((tool): tool is ToolDefinition => typeof tool?.function?.name === 'string');
  const offer = tools.length > 0 && body.tool_choice !== 'none';
  const history = renderHistory(body.messages as Message[], style);
  if (!offer && !history.changed && !('tools' in body) && !('tool_choice' in body)) return null;
  const { tools: _tools, tool_choice: toolChoice, parallel_tool_calls: parallel, functions: _functions, function_call: _functionCall, ...rest } = body;
  const messages = offer ? withSystemText(history.messages, toolInstructions(tools, style, toolChoice, parallel)) : history.messages;
  return { body: { ...rest, messages } as ChatCompletionBody, parse: offer, tools };
}
