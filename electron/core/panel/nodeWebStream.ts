import type { Readable } from 'node:stream';

/**
 * A pull-based web ReadableStream over a Node readable: nothing is read ahead of what
 * the consumer (the age encrypter) has taken, so memory stays at a chunk or two
 * whatever the package size. Destroying `readable` with an error rejects the pending
 * read, which is how a failure elsewhere stops the pipeline.
 */
export function pullStreamOf(readable: Readable, onChunk: (bytes: number) => void): ReadableStream<Uint8Array> {
  const chunks = readable[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await chunks.next();
        if (next.done === true) {
          controller.close();
          return;
        }
        onChunk(next.value.length);
        controller.enqueue(next.value);
      },
      async cancel() {
        await chunks.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}
