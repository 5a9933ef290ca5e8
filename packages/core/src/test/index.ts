/**
 * Test helpers other packages reuse: SSE framing of recorded chunk files and an
 * in-memory transport. (Real HTTP fake upstreams live in the private @router/testkit.)
 */
import type { Transport, UpstreamResponse } from '../spec/transport.js';

/** Frames recorded `data:` payload lines as an SSE stream, `[DONE]` last. */
export function frameSse(lines: readonly string[], done = true): string {
  return lines.map((line) => `data: ${line}\n\n`).join('') + (done ? 'data: [DONE]\n\n' : '');
}

/** An in-memory transport answering every request with the handler's response. */
export function createMemoryTransport(
  handler: (request: Parameters<Transport>[0]) => { status?: number; headers?: Record<string, string>; chunks: (string | Uint8Array)[] },
): Transport {
  const encoder = new TextEncoder();
  return async (request): Promise<UpstreamResponse> => {
    const answer = handler(request);
    return {
      status: answer.status ?? 200,
      // a stream request gets SSE's content type unless the handler says otherwise, as real upstreams send
      headers: answer.headers ?? { 'content-type': request.headers.accept === 'text/event-stream' ? 'text/event-stream' : 'application/json' },
      body: (async function* () {
        for (const chunk of answer.chunks) yield typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
      })(),
    };
  };
}

/** Reads an engine response body (whole or streamed) as text. */
export async function bodyText(body: Uint8Array | AsyncIterable<Uint8Array>): Promise<string> {
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  const decoder = new TextDecoder();
  let out = '';
  for await (const chunk of body) out += decoder.decode(chunk, { stream: true });
  return out + decoder.decode();
}
