/** Byte helpers on plain `Uint8Array`s (no Node `Buffer` in core). */

const encoder = new TextEncoder();

/** UTF-8 encodes a string. */
export function encodeUtf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Joins chunks into one array (returns the only chunk as is). */
export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(totalBytes(chunks));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** The bytes in all the chunks together. */
export function totalBytes(chunks: readonly Uint8Array[]): number {
  let length = 0;
  for (const chunk of chunks) length += chunk.byteLength;
  return length;
}

/** Reads a body to the end, with an optional byte cap. */
export async function readAll(body: AsyncIterable<Uint8Array>, limit = Infinity): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of body) {
    length += chunk.byteLength;
    if (length > limit) break;
    chunks.push(chunk);
  }
  return concatBytes(chunks);
}

/** Wraps an async iterable of bytes as a web `ReadableStream`; cancelling the stream returns the iterator. */
export function toReadableStream(body: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = body[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await iterator.next();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/** Reads a web `ReadableStream` as an async iterable; leaving the loop cancels the stream. */
export async function* fromReadableStream(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let finished = false;
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      yield value;
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
