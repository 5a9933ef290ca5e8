/**
 * The Anthropic stream grammar, as a checker for tests (here and wherever a Messages stream is
 * produced): returns every rule an event sequence breaks, or an empty list.
 */
import type { AnthropicStreamEvent } from './types.js';

/**
 * Rules: `message_start` first; blocks started at 0, 1, 2… one at a time, each with deltas of its
 * own kind between its start and its single stop; then `message_delta` and `message_stop` last —
 * or an `error` event last instead. `ping` may appear anywhere after the start.
 */
export function checkAnthropicStream(events: readonly AnthropicStreamEvent[]): string[] {
  const problems: string[] = [];
  const kinds = new Map<number, string>();
  const stopped = new Set<number>();
  let open: number | null = null;
  let phase = 'before' as 'before' | 'blocks' | 'delta' | 'stopped' | 'error';
  events.forEach((event, position) => {
    const at = `event ${position} (${event.type})`;
    if (phase === 'stopped' || phase === 'error') problems.push(`${at} after the stream ended`);
    switch (event.type) {
      case 'message_start':
        if (phase !== 'before') problems.push(`${at}: message_start twice`);
        phase = 'blocks';
        break;
      case 'content_block_start':
        if (phase !== 'blocks') problems.push(`${at}: block start outside the content phase`);
        if (open !== null) problems.push(`${at}: block ${event.index} starts while ${open} is open`);
        if (event.index !== kinds.size) problems.push(`${at}: index ${event.index}, expected ${kinds.size}`);
        kinds.set(event.index, event.content_block.type);
        open = event.index;
        break;
      case 'content_block_delta': {
        if (open !== event.index) problems.push(`${at}: delta for ${event.index} while ${open} is open`);
        const expected = { text_delta: 'text', thinking_delta: 'thinking', input_json_delta: 'tool_use' }[event.delta.type];
        if (kinds.get(event.index) !== expected) problems.push(`${at}: ${event.delta.type} in a ${kinds.get(event.index)} block`);
        break;
      }
      case 'content_block_stop':
        if (open !== event.index || stopped.has(event.index)) problems.push(`${at}: stop for ${event.index} while ${open} is open`);
        stopped.add(event.index);
        open = null;
        break;
      case 'message_delta':
        if (phase !== 'blocks' || open !== null) problems.push(`${at}: message_delta before every block stopped`);
        phase = 'delta';
        break;
      case 'message_stop':
        if (phase !== 'delta') problems.push(`${at}: message_stop without message_delta`);
        phase = 'stopped';
        break;
      case 'ping':
        if (phase === 'before') problems.push(`${at}: ping before message_start`);
        break;
      case 'error':
        phase = 'error';
        break;
    }
  });
  if (phase !== 'stopped' && phase !== 'error') problems.push('the stream ends without message_stop or error');
  return problems;
}

/** The content an event sequence assembles to, as a client SDK would (tool inputs parsed from their `partial_json`). */
export function assembleAnthropicContent(events: readonly AnthropicStreamEvent[]): Array<{ type: string; text?: string; thinking?: string; id?: string; name?: string; input?: unknown }> {
  const blocks: Array<{ type: string; text?: string; thinking?: string; id?: string; name?: string; input?: unknown; json?: string }> = [];
  for (const event of events) {
    if (event.type === 'content_block_start') blocks[event.index] = event.content_block.type === 'tool_use' ? { ...event.content_block, json: '' } : { ...event.content_block };
    if (event.type !== 'content_block_delta') continue;
    const block = blocks[event.index];
    if (event.delta.type === 'text_delta') block.text += event.delta.text;
    else if (event.delta.type === 'thinking_delta') block.thinking += event.delta.thinking;
    else block.json += event.delta.partial_json;
  }
  return blocks.map(({ json, ...block }) => (json === undefined ? block : { ...block, input: json.length > 0 ? JSON.parse(json) : {} }));
}
