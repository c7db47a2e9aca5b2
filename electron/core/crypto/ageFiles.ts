import { randomUUID } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { errorCodeOf, messageOf } from '../errors';
import { dearmor, decryptStream, encryptStream, looksArmored, payloadFailure, streamOf } from './ageCipher';
import type { AgeIdentitySet } from './ageIdentitySet';
import { cryptoError } from './cryptoError';
import { FileSink } from './fileSink';

/**
 * File-to-file age for large panel packages. Both directions stream in 1 MiB reads and
 * ~1 MiB writes (memory stays flat whatever the size; fewer, larger I/O calls cost the
 * main thread less than one per 64 KiB age chunk), except armored input, which is
 * decoded whole.
 * Output goes to a temp file beside `outPath` and is renamed into place only when
 * complete, so a failure - above all a damaged ciphertext found halfway - never leaves
 * partial or unauthenticated plaintext at `outPath`.
 */

const CHUNK = 1024 * 1024;
/** Armor is decoded in memory; beyond this it is refused rather than risk the heap. */
export const ARMORED_MAX_BYTES = 64 * 1024 * 1024;

export async function encryptFile(inPath: string, outPath: string, recipients: string[]): Promise<void> {
  const input = await openInput(inPath);
  try {
    const encrypted = await encryptStream(fileStream(input), recipients);
    // Ciphertext is safe to share; keep the usual permissions.
    await writeAtomically(outPath, encrypted, 0o644, (error) => (error instanceof Error ? error : new Error(messageOf(error))));
  } finally {
    await input.close();
  }
}

/** Accepts binary and armored age, like decryptWithIdentity. */
export async function decryptFile(inPath: string, outPath: string, identities: readonly string[] | AgeIdentitySet): Promise<void> {
  const input = await openInput(inPath);
  try {
    const ciphertext = await ciphertextStream(input);
    const plaintext = await decryptStream(ciphertext, identities);
    // Plaintext is what the encryption protected: owner-only.
    await writeAtomically(outPath, plaintext, 0o600, payloadFailure);
  } finally {
    await input.close();
  }
}

async function openInput(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (error) {
    throw cryptoError('age-file-unreadable', `cannot read ${path}: ${messageOf(error)}`, { file: path, cause: errorCodeOf(error) });
  }
}

async function ciphertextStream(input: FileHandle): Promise<ReadableStream<Uint8Array>> {
  const { size } = await input.stat();
  if (size === 0) throw cryptoError('age-malformed', 'not a valid age file: it is empty');
  const head = new Uint8Array(Math.min(size, 128));
  await input.read(head, 0, head.length, 0);
  if (!looksArmored(head)) return fileStream(input);
  if (size > ARMORED_MAX_BYTES) {
    throw cryptoError('age-too-large', `armored age files over ${ARMORED_MAX_BYTES} bytes are not accepted; use binary age`, {
      size,
      limit: ARMORED_MAX_BYTES,
    });
  }
  return streamOf(dearmor(await input.readFile()));
}

/** Pull-based, so nothing is read ahead of what the consumer has taken. */
function fileStream(input: FileHandle): ReadableStream<Uint8Array> {
  let position = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const buffer = new Uint8Array(CHUNK);
      const { bytesRead } = await input.read(buffer, 0, CHUNK, position);
      if (bytesRead === 0) {
        controller.close();
        return;
      }
      position += bytesRead;
      controller.enqueue(buffer.subarray(0, bytesRead));
    },
  });
}

async function writeAtomically(
  outPath: string,
  stream: ReadableStream<Uint8Array>,
  mode: number,
  onReadError: (error: unknown) => Error,
): Promise<void> {
  const temp = `${outPath}.${randomUUID()}.tmp`;
  const output = await open(temp, 'wx', mode);
  const sink = new FileSink(output);
  let done = false;
  try {
    const reader = stream.getReader();
    for (;;) {
      let next: Awaited<ReturnType<typeof reader.read>>;
      try {
        next = await reader.read();
      } catch (error) {
        throw onReadError(error);
      }
      if (next.done) break;
      await sink.write(next.value);
    }
    await sink.flush();
    await output.sync();
    await output.close();
    await rename(temp, outPath);
    done = true;
  } finally {
    if (!done) {
      await sink.abandon();
      await output.close().catch(() => undefined);
      await rm(temp, { force: true });
    }
  }
}
