import type { FileHandle } from 'node:fs/promises';

/**
 * Sequential writes to a file for streamed ciphertext. The age stream hands over 64 KiB
 * chunks; writing each with its own awaited FileHandle.write cost more main-thread time
 * than the hashing and left the cipher idle during every write. Here chunks are gathered
 * into ~1 MiB writes, and one write may be in flight while the caller encrypts the next
 * batch, so memory stays at about two batches. Chunks are held until written, so a
 * caller must not reuse a chunk's memory (the age streams hand out fresh arrays).
 */

const BATCH_BYTES = 1024 * 1024;

export class FileSink {
  readonly #file: FileHandle;
  #chunks: Uint8Array[] = [];
  #buffered = 0;
  #inFlight: Promise<void> | undefined;

  constructor(file: FileHandle) {
    this.#file = file;
  }

  /** Resolves once the chunk is buffered, or after a batch write was started. */
  async write(chunk: Uint8Array): Promise<void> {
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    if (this.#buffered >= BATCH_BYTES) await this.#startWrite();
  }

  /** Writes everything buffered and waits for it; a failed write rejects here at the latest. */
  async flush(): Promise<void> {
    await this.#startWrite();
    await this.#settle();
  }

  /** Waits for a write still in flight, ignoring its outcome: before closing after a failure. */
  async abandon(): Promise<void> {
    this.#chunks = [];
    this.#buffered = 0;
    await this.#settle().catch(() => undefined);
  }

  async #startWrite(): Promise<void> {
    await this.#settle(); // one write in flight at most, and in order
    if (this.#buffered === 0) return;
    const batch = Buffer.concat(this.#chunks, this.#buffered);
    this.#chunks = [];
    this.#buffered = 0;
    const writing = writeFully(this.#file, batch);
    // Observed by the next #settle; this only keeps a failure from being "unhandled" meanwhile.
    writing.catch(() => undefined);
    this.#inFlight = writing;
  }

  async #settle(): Promise<void> {
    const writing = this.#inFlight;
    this.#inFlight = undefined;
    await writing;
  }
}

/** write(2) may write less than asked (a signal, a full quota); the rest follows. */
async function writeFully(file: FileHandle, bytes: Buffer): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await file.write(bytes, offset, bytes.length - offset);
    if (bytesWritten === 0) throw new Error('the file accepted no more bytes');
    offset += bytesWritten;
  }
}
