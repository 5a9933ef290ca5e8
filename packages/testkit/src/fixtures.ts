/** Recorded provider responses (from the Vercel AI SDK's fixtures; see fixtures/wire/README.md). */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const folder = fileURLToPath(new URL('../fixtures/wire/', import.meta.url));

/** The `data:` payload lines of a recorded stream (`<name>.chunks.txt`). */
export function fixtureChunks(name: string): string[] {
  return readFileSync(`${folder}${name}.chunks.txt`, 'utf8').split('\n').filter((line) => line.length > 0);
}

/** A recorded non-streaming body (`<name>.json`), as the exact text. */
export function fixtureJson(name: string): string {
  return readFileSync(`${folder}${name}.json`, 'utf8');
}

/** Frames payload lines as SSE bytes exactly as a provider sends them, `[DONE]` last. */
export function sseFrames(lines: readonly string[], done = true): string[] {
  const frames = lines.map((line) => `data: ${line}\n\n`);
  if (done) frames.push('data: [DONE]\n\n');
  return frames;
}

/** Frames Anthropic stream payload lines as Anthropic sends them: `event: <type>\ndata: <line>\n\n`, no `[DONE]`. */
export function anthropicSseFrames(lines: readonly string[]): string[] {
  return lines.map((line) => `event: ${(JSON.parse(line) as { type: string }).type}\ndata: ${line}\n\n`);
}

/**
 * The thinking blocks a recorded Anthropic stream carries, whole, as a Messages request sends them
 * back: each `thinking` block's text joined with its signature, each `redacted_thinking` block's data.
 */
export function fixtureThinkingBlocks(name: string): ({ type: 'thinking'; thinking: string; signature: string } | { type: 'redacted_thinking'; data: string })[] {
  const blocks = new Map<number, { type: 'thinking'; thinking: string; signature: string } | { type: 'redacted_thinking'; data: string }>();
  for (const line of fixtureChunks(name)) {
    const event = JSON.parse(line);
    if (event.type === 'content_block_start' && event.content_block?.type === 'thinking') blocks.set(event.index, { type: 'thinking', thinking: '', signature: '' });
    if (event.type === 'content_block_start' && event.content_block?.type === 'redacted_thinking') blocks.set(event.index, { type: 'redacted_thinking', data: event.content_block.data });
    const block = blocks.get(event.index);
    if (event.type !== 'content_block_delta' || block?.type !== 'thinking') continue;
    if (event.delta.type === 'thinking_delta') block.thinking += event.delta.thinking;
    if (event.delta.type === 'signature_delta') block.signature = event.delta.signature;
  }
  return [...blocks.values()];
}

/** The assistant text a recorded stream assembles to. */
export function assembledText(lines: readonly string[]): string {
  let text = '';
  for (const line of lines) {
    const chunk = JSON.parse(line);
    for (const choice of chunk.choices ?? []) if (typeof choice.delta?.content === 'string') text += choice.delta.content;
  }
  return text;
}

/** The chat completion streams among the fixtures: every `<name>.chunks.txt` that is not Anthropic's, by name. */
export function chatStreamFixtures(): string[] {
  return readdirSync(folder)
    .filter((file) => file.endsWith('.chunks.txt') && !file.startsWith('anthropic-'))
    .map((file) => file.slice(0, -'.chunks.txt'.length))
    .sort();
}

/** A chat stream fixture as one SSE byte stream (its frames, and them joined); `error`: it ends with an error event, so no `[DONE]` follows it. */
export interface ChatStreamBytes {
  lines: string[];
  error: boolean;
  frames: Uint8Array[];
  bytes: Uint8Array;
}

/** The SSE bytes a provider sends for a chat stream fixture: each payload line a frame, then `[DONE]` unless the stream ended with an error. */
export function chatStreamBytes(name: string): ChatStreamBytes {
  const lines = fixtureChunks(name);
  const last = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
  const error = last.error !== undefined;
  const encoder = new TextEncoder();
  const frames = sseFrames(lines, !error).map((frame) => encoder.encode(frame));
  return { lines, error, frames, bytes: encoder.encode(sseFrames(lines, !error).join('')) };
}
