/**
 * The Responses stream grammar, as a checker for tests (here and wherever a Responses stream is
 * produced): returns every rule an event sequence breaks, or an empty list.
 */
import type { ResponsesOutputItem, ResponsesStreamEvent } from './types.js';

const TERMINAL = new Set(['response.completed', 'response.incomplete', 'response.failed']);

interface ItemState {
  id: string;
  type: string;
  /** Text of the open content or summary part, and whether it is `done`. */
  part: { index: number; kind: string; text: string; textDone: boolean } | null;
  parts: number;
  args: string;
  argsDone: boolean;
  done: ResponsesOutputItem | null;
}

/**
 * Rules: `sequence_number` 0, 1, 2… without gaps; `response.created` then `response.in_progress`
 * first; items added at `output_index` 0, 1, 2… one at a time, each with its parts and deltas
 * (matching `item_id`, `output_index` and part index, of the item's kind) between its
 * `output_item.added` and its single `output_item.done`; every `.done` repeats what its deltas
 * added up to; exactly one terminal event (`response.completed`/`.incomplete`/`.failed`), last,
 * whose response has the matching status and, unless failed, every item done and the output they
 * make.
 */
export function checkResponsesStream(events: readonly ResponsesStreamEvent[]): string[] {
  const problems: string[] = [];
  const items: ItemState[] = [];
  let open: number | null = null;
  let terminal = 0;
  events.forEach((event, position) => {
    const at = `event ${position} (${event.type})`;
    if (event.sequence_number !== position) problems.push(`${at}: sequence_number ${event.sequence_number}, expected ${position}`);
    if (terminal > 0) problems.push(`${at} after the terminal event`);
    if (position === 0 && event.type !== 'response.created') problems.push(`${at}: the stream must start with response.created`);
    if (position === 1 && event.type !== 'response.in_progress') problems.push(`${at}: response.in_progress must follow response.created`);
    const outputIndex = 'output_index' in event ? (event as { output_index: number }).output_index : null;
    const item = outputIndex === null ? undefined : items[outputIndex];
    const owned = () => {
      if (item === undefined || open !== outputIndex) problems.push(`${at}: output_index ${outputIndex} is not the open item (${open})`);
      else if ('item_id' in event && event.item_id !== item.id) problems.push(`${at}: item_id ${event.item_id}, expected ${item.id}`);
      return item !== undefined && open === outputIndex;
    };
    const partOf = (kind: string, index: number) => {
      if (!owned()) return null;
      if (item!.part === null || item!.part.index !== index || item!.part.kind !== kind) {
        problems.push(`${at}: no open ${kind} part ${index}`);
        return null;
      }
      return item!.part;
    };
    switch (event.type) {
      case 'response.created':
      case 'response.in_progress':
        if (position > 1) problems.push(`${at}: lifecycle event in the middle of the stream`);
        if (event.response.status !== 'in_progress') problems.push(`${at}: status ${event.response.status}`);
        break;
      case 'response.output_item.added':
        if (open !== null) problems.push(`${at}: item ${event.output_index} added while ${open} is open`);
        if (event.output_index !== items.length) problems.push(`${at}: output_index ${event.output_index}, expected ${items.length}`);
        items[event.output_index] = { id: event.item.id, type: event.item.type, part: null, parts: 0, args: '', argsDone: false, done: null };
        open = event.output_index;
        break;
      case 'response.content_part.added':
        if (!owned()) break;
        if (item!.type !== 'message' || item!.part !== null || event.content_index !== item!.parts) problems.push(`${at}: content part ${event.content_index} cannot start here`);
        item!.part = { index: event.content_index, kind: event.part.type, text: '', textDone: false };
        break;
      case 'response.reasoning_summary_part.added':
        if (!owned()) break;
        if (item!.type !== 'reasoning' || item!.part !== null || event.summary_index !== item!.parts) problems.push(`${at}: summary part ${event.summary_index} cannot start here`);
        item!.part = { index: event.summary_index, kind: 'summary_text', text: '', textDone: false };
        break;
      case 'response.output_text.delta':
      case 'response.refusal.delta':
      case 'response.reasoning_summary_text.delta': {
        const kind = event.type === 'response.output_text.delta' ? 'output_text' : event.type === 'response.refusal.delta' ? 'refusal' : 'summary_text';
        const part = partOf(kind, 'summary_index' in event ? event.summary_index : event.content_index);
        if (part === null) break;
        if (part.textDone) problems.push(`${at}: delta after the text was done`);
        part.text += event.delta;
        break;
      }
      case 'response.output_text.done':
      case 'response.refusal.done':
      case 'response.reasoning_summary_text.done': {
        const kind = event.type === 'response.output_text.done' ? 'output_text' : event.type === 'response.refusal.done' ? 'refusal' : 'summary_text';
        const part = partOf(kind, 'summary_index' in event ? event.summary_index : event.content_index);
        if (part === null) break;
        const text = event.type === 'response.refusal.done' ? event.refusal : event.text;
        if (text !== part.text) problems.push(`${at}: done text differs from its deltas`);
        part.textDone = true;
        break;
      }
      case 'response.content_part.done':
      case 'response.reasoning_summary_part.done': {
        const part = partOf(event.part.type, 'summary_index' in event ? event.summary_index : event.content_index);
        if (part === null) break;
        const text = event.part.type === 'refusal' ? event.part.refusal : event.part.text;
        if (!part.textDone || text !== part.text) problems.push(`${at}: part done before its text, or with other text`);
        item!.part = null;
        item!.parts += 1;
        break;
      }
      case 'response.function_call_arguments.delta':
        if (!owned()) break;
        if (item!.type !== 'function_call' || item!.argsDone) problems.push(`${at}: arguments delta outside an open function call`);
        item!.args += event.delta;
        break;
      case 'response.function_call_arguments.done':
        if (!owned()) break;
        if (event.arguments !== item!.args) problems.push(`${at}: done arguments differ from their deltas`);
        item!.argsDone = true;
        break;
      case 'response.custom_tool_call_input.delta':
        if (!owned()) break;
        if (item!.type !== 'custom_tool_call' || item!.argsDone) problems.push(`${at}: input delta outside an open custom tool call`);
        item!.args += event.delta;
        break;
      case 'response.custom_tool_call_input.done':
        if (!owned()) break;
        if (event.input !== item!.args) problems.push(`${at}: done input differs from its deltas`);
        item!.argsDone = true;
        break;
      case 'response.output_item.done': {
        if (!owned()) break;
        const done = event.item;
        if (done.type !== item!.type) problems.push(`${at}: item done as ${done.type}, added as ${item!.type}`);
        if (item!.part !== null) problems.push(`${at}: item done with a part open`);
        if (done.type === 'function_call' && (!item!.argsDone || done.arguments !== item!.args)) problems.push(`${at}: function call done without its arguments`);
        if (done.type === 'custom_tool_call' && (!item!.argsDone || done.input !== item!.args)) problems.push(`${at}: custom tool call done without its input`);
        if ((done.type === 'message' || done.type === 'reasoning') && (done.type === 'message' ? done.content.length : done.summary.length) !== item!.parts) problems.push(`${at}: item done with ${item!.parts} parts streamed`);
        item!.done = done;
        open = null;
        break;
      }
      case 'response.completed':
      case 'response.incomplete':
      case 'response.failed': {
        terminal += 1;
        const want = { 'response.completed': 'completed', 'response.incomplete': 'incomplete', 'response.failed': 'failed' }[event.type];
        if (event.response.status !== want) problems.push(`${at}: status ${event.response.status}`);
        if (event.type === 'response.failed') {
          if (event.response.error === null) problems.push(`${at}: failed without an error`);
          break;
        }
        if (open !== null) problems.push(`${at}: item ${open} is still open`);
        const doneItems = items.map((state) => state.done);
        if (JSON.stringify(event.response.output) !== JSON.stringify(doneItems)) problems.push(`${at}: output differs from the items done`);
        break;
      }
    }
  });
  if (terminal === 0) problems.push('the stream ends without a terminal event');
  else if (!TERMINAL.has(events.at(-1)!.type)) problems.push('the terminal event is not last');
  return problems;
}
