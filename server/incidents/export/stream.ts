import "server-only";

const CHUNK_CHARS = 64 * 1024;

/**
 * Gathers many small pieces into chunks of about 64 KB: one write per chunk rather than one per
 * event, while memory stays at one chunk. Strings are UTF-8 encoded; bytes pass through.
 */
export async function* chunked(pieces: AsyncIterable<string | Uint8Array>): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  let pending: string[] = [];
  let size = 0;
  const flush = () => {
    const out = encoder.encode(pending.join(""));
    pending = [];
    size = 0;
    return out;
  };
  for await (const piece of pieces) {
    if (typeof piece === "string") {
      pending.push(piece);
      size += piece.length;
      if (size >= CHUNK_CHARS) yield flush();
    } else {
      if (size > 0) yield flush();
      yield piece;
    }
  }
  if (size > 0) yield flush();
}

/**
 * A byte stream for a Response that pulls from the generator only when the client reads
 * (back-pressure: a slow download never buffers the export), and stops it when the client goes away.
 */
export function toReadableStream(source: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await iterator.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      } catch (err) {
        controller.error(err);
      }
    },
    async cancel() {
      await iterator.return?.(undefined);
    },
  });
}
