/**
 * The OpenAI chat stream grammar, as a checker for tests: returns every rule a translated SSE
 * text breaks, or an empty list, and what a client assembles from it.
 */

interface ParsedChunk {
  id?: unknown;
  object?: unknown;
  created?: unknown;
  model?: unknown;
  choices?: Array<{ index?: unknown; delta?: Record<string, any>; finish_reason?: unknown }>;
  usage?: Record<string, any> | null;
  error?: { message?: unknown; type?: unknown; code?: unknown };
}

/** The `data:` payloads of an SSE text, in order (every event must be one `data:` line and a blank line). */
export function chatSsePayloads(text: string): { payloads: string[]; problems: string[] } {
  const problems: string[] = [];
  if (!text.endsWith('\n\n')) problems.push('the text does not end with a blank line');
  const events = text.split('\n\n').slice(0, -1);
  const payloads = events.map((event, position) => {
    if (!event.startsWith('data: ') || event.includes('\n')) problems.push(`event ${position} is not a single data line: ${JSON.stringify(event.slice(0, 80))}`);
    return event.slice('data: '.length);
  });
  return { payloads, problems };
}

/**
 * Rules: every payload is a chunk object (`chat.completion.chunk`, one id, model and `created`)
 * until the last, which is `[DONE]` or an `{"error":…}` event; the first chunk says
 * `role: "assistant"`; every chunk but a usage chunk has exactly one choice at index 0; one
 * `finish_reason`, after every delta with content; a usage chunk (no choices) only after it;
 * tool calls numbered 0, 1, 2… in the order they start, each first seen with its id, type and
 * name, and each call's arguments JSON text of an object once assembled.
 */
export function checkChatStream(text: string): string[] {
  const { payloads, problems } = chatSsePayloads(text);
  if (payloads.length === 0) return [...problems, 'the stream is empty'];
  const last = payloads.at(-1)!;
  const endsWithError = last !== '[DONE]' && (JSON.parse(last) as ParsedChunk).error !== undefined;
  if (last !== '[DONE]' && !endsWithError) problems.push('the stream ends with neither [DONE] nor an error event');
  const chunks = payloads.slice(0, -1).map((payload, position) => {
    if (payload === '[DONE]') problems.push(`event ${position}: [DONE] before the end`);
    return payload === '[DONE]' ? {} : (JSON.parse(payload) as ParsedChunk);
  });
  let finished = false;
  let usageSeen = false;
  const args = new Map<number, string>();
  chunks.forEach((chunk, position) => {
    const at = `chunk ${position}`;
    if (chunk.error !== undefined) problems.push(`${at}: an error event before the end`);
    if (chunk.object !== 'chat.completion.chunk') problems.push(`${at}: object is ${JSON.stringify(chunk.object)}`);
    for (const field of ['id', 'model', 'created'] as const) if (chunk[field] !== chunks[0][field]) problems.push(`${at}: ${field} changed`);
    if (typeof chunks[0].id !== 'string' || typeof chunks[0].created !== 'number' || typeof chunks[0].model !== 'string') problems.push(`${at}: id, created or model missing`);
    const choices = chunk.choices ?? [];
    if (choices.length === 0) {
      if (!chunk.usage) problems.push(`${at}: no choices and no usage`);
      if (!finished) problems.push(`${at}: usage chunk before finish_reason`);
      usageSeen = true;
      return;
    }
    if (usageSeen) problems.push(`${at}: a choice after the usage chunk`);
    if (choices.length !== 1 || choices[0].index !== 0) problems.push(`${at}: expected one choice at index 0`);
    const { delta = {}, finish_reason: finish } = choices[0];
    if (position === 0 && delta.role !== 'assistant') problems.push(`${at}: the first chunk does not say role "assistant"`);
    if (position > 0 && delta.role !== undefined) problems.push(`${at}: role again`);
    const hasContent = Boolean(delta.content) || Boolean(delta.reasoning_content) || Boolean(delta.tool_calls?.length);
    if (finished && hasContent) problems.push(`${at}: content after finish_reason`);
    if (finish !== null && finish !== undefined) {
      if (finished) problems.push(`${at}: a second finish_reason`);
      finished = true;
    }
    for (const call of delta.tool_calls ?? []) {
      if (!args.has(call.index)) {
        if (call.index !== args.size) problems.push(`${at}: tool call index ${call.index}, expected ${args.size}`);
        if (!call.id || call.type !== 'function' || !call.function?.name) problems.push(`${at}: tool call ${call.index} starts without id, type or name`);
        args.set(call.index, '');
      } else if (call.id !== undefined || call.function?.name !== undefined) problems.push(`${at}: tool call ${call.index} named twice`);
      args.set(call.index, args.get(call.index)! + (call.function?.arguments ?? ''));
    }
  });
  if (!endsWithError) {
    if (!finished) problems.push('no finish_reason');
    for (const [index, text] of args) {
      try {
        const value = JSON.parse(text);
        if (typeof value !== 'object' || value === null || Array.isArray(value)) problems.push(`tool call ${index}: arguments are not an object`);
      } catch {
        problems.push(`tool call ${index}: arguments are not JSON: ${JSON.stringify(text)}`);
      }
    }
  }
  return problems;
}

/** What a client assembles from a chat SSE text. */
export function assembleChatStream(text: string): {
  content: string;
  reasoning: string;
  /** The `thinking_blocks` pieces put together as a LiteLLM client does: thinking text joined until its signature, redacted blocks whole. */
  thinkingBlocks: Array<Record<string, string>>;
  toolCalls: Array<{ id: string; name: string; arguments: string }>;
  finishReason: string | null;
  usage: Record<string, any> | null;
  error: Record<string, any> | null;
} {
  const result = { content: '', reasoning: '', thinkingBlocks: [] as Array<Record<string, string>>, toolCalls: [] as Array<{ id: string; name: string; arguments: string }>, finishReason: null as string | null, usage: null as Record<string, any> | null, error: null as Record<string, any> | null };
  /** The thinking block whose pieces are still coming (no signature yet). */
  let open: Record<string, string> | null = null;
  for (const payload of chatSsePayloads(text).payloads) {
    if (payload === '[DONE]') continue;
    const chunk = JSON.parse(payload) as ParsedChunk;
    if (chunk.error) result.error = chunk.error;
    if (chunk.usage) result.usage = chunk.usage;
    for (const choice of chunk.choices ?? []) {
      const delta = choice.delta ?? {};
      result.content += delta.content ?? '';
      result.reasoning += delta.reasoning_content ?? '';
      for (const piece of delta.thinking_blocks ?? []) {
        if (piece.type === 'redacted_thinking') {
          result.thinkingBlocks.push({ ...piece });
          open = null;
          continue;
        }
        if (open === null) result.thinkingBlocks.push((open = { type: 'thinking', thinking: '' }));
        open.thinking += piece.thinking ?? '';
        if (piece.signature) {
          open.signature = piece.signature;
          open = null;
        }
      }
      if (choice.finish_reason) result.finishReason = String(choice.finish_reason);
      for (const call of delta.tool_calls ?? []) {
        const entry = (result.toolCalls[call.index] ??= { id: '', name: '', arguments: '' });
        entry.id ||= call.id ?? '';
        entry.name ||= call.function?.name ?? '';
        entry.arguments += call.function?.arguments ?? '';
      }
    }
  }
  return result;
}
