/** Recorded provider responses (from the Vercel AI SDK's fixtures; see fixtures/wire/README.md). */
import { readFileSync } from 'node:fs';
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

/** The assistant text a recorded stream assembles to. */
export function assembledText(lines: readonly string[]): string {
  let text = '';
  for (const line of lines) {
    const chunk = JSON.parse(line);
    for (const choice of chunk.choices ?? []) if (typeof choice.delta?.content === 'string') text += choice.delta.content;
  }
  return text;
}
