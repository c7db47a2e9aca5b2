import { armor, Encrypter } from 'age-encryption';
import { isAppError, messageOf } from '../errors';
import { ageHeaderMacFailed, ageMalformed, ageNoMatchingIdentity, agePayloadDamaged } from './ageErrors';
import { AgeIdentitySet } from './ageIdentitySet';
import { parseAgeRecipient } from './ageKeys';
import { cryptoError } from './cryptoError';

/**
 * The stream core shared by the in-memory and file APIs: both go through web
 * ReadableStreams so that header and payload failures are told apart the same way.
 */

const ARMOR_BEGIN = '-----BEGIN AGE ENCRYPTED FILE-----';

/** Validated, de-duplicated recipients; at least one. */
export function recipientList(recipients: readonly string[]): string[] {
  const unique = [...new Set(recipients.map(parseAgeRecipient))];
  if (unique.length === 0) {
    throw cryptoError('age-no-recipients', 'encrypting needs at least one age recipient');
  }
  return unique;
}

/** Identity strings are prepared for this one call; a prepared set is reused as given. */
export async function identitySet(identities: readonly string[] | AgeIdentitySet): Promise<AgeIdentitySet> {
  return identities instanceof AgeIdentitySet ? identities : AgeIdentitySet.prepare(identities);
}

export async function encryptStream(
  plaintext: ReadableStream<Uint8Array>,
  recipients: readonly string[],
): Promise<ReadableStream<Uint8Array>> {
  const encrypter = new Encrypter();
  for (const recipient of recipientList(recipients)) encrypter.addRecipient(recipient);
  return encrypter.encrypt(plaintext);
}

/**
 * Resolves once the header has been read and authenticated; the payload is checked
 * chunk by chunk as the returned stream is read, so a reader must treat a rejected
 * read as "damaged" and discard what it got (see {@link payloadFailure}).
 */
export async function decryptStream(
  ciphertext: ReadableStream<Uint8Array>,
  identities: readonly string[] | AgeIdentitySet,
): Promise<ReadableStream<Uint8Array>> {
  const prepared = await identitySet(identities);
  try {
    return await prepared.decrypt(ciphertext);
  } catch (error) {
    throw headerFailure(error);
  }
}

/**
 * Binary age held in memory, decrypted whole: by the native engine in one synchronous
 * call where the set has it, else through the library's streams.
 */
export async function decryptBytes(binary: Uint8Array, identities: readonly string[] | AgeIdentitySet): Promise<Uint8Array> {
  const prepared = await identitySet(identities);
  const native = prepared.decryptNative(binary);
  if (native !== undefined) return native;
  return collect(await decryptStream(streamOf(binary), prepared), payloadFailure);
}

/**
 * The library signals header problems only by message text, so this is the one place
 * that depends on it; the tests pin each case. (The native engine throws AppErrors.)
 */
function headerFailure(error: unknown): Error {
  if (isAppError(error)) return error;
  const message = messageOf(error);
  // Also what a damaged recipient stanza looks like; stock age says the same.
  if (message.startsWith('no identity matched')) return ageNoMatchingIdentity();
  if (message === 'invalid header HMAC') return ageHeaderMacFailed();
  return ageMalformed(message);
}

/** Any failure while reading the decrypted payload: a chunk failed authentication. */
export function payloadFailure(error: unknown): Error {
  if (isAppError(error)) return error;
  return agePayloadDamaged(messageOf(error));
}

/** True if the bytes start, after optional whitespace, like ASCII-armored age. */
export function looksArmored(start: Uint8Array): boolean {
  return new TextDecoder('latin1').decode(start.subarray(0, 128)).trimStart().startsWith(ARMOR_BEGIN);
}

/**
 * Armor (`age -a`) is decoded whole: the library has no streaming decoder, and armored
 * files are for pasting, so they are small in practice.
 */
export function dearmor(bytes: Uint8Array): Uint8Array {
  try {
    return armor.decode(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw cryptoError('age-malformed', `not a valid ASCII-armored age file: ${messageOf(error)}`, { cause: messageOf(error) });
  }
}

/** A one-chunk stream over bytes already in memory. */
export function streamOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

/** Reads a stream to the end, mapping a failed read with `onError`. */
export async function collect(stream: ReadableStream<Uint8Array>, onError: (error: unknown) => Error): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
  } catch (error) {
    throw onError(error);
  }
  // A plain Uint8Array, not a Buffer, so callers get exactly the declared type.
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
