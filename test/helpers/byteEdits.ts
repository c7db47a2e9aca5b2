import fc from 'fast-check';

/**
 * Random damage to a file, for the property tests of the readers (score bundles, age
 * decryption): an edit of a byte string, positions taken modulo its current length.
 */
export type ByteEdit =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'set'; at: number; byte: number }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; bytes: number[] }
  | { kind: 'truncate'; at: number }
  | { kind: 'append'; bytes: number[] };

export interface ByteEditOptions {
  /** Where edits land (taken modulo the length). */
  at: fc.Arbitrary<number>;
  /** The bytes set, inserted and appended: a test biases them towards the format's alphabet. */
  byte: fc.Arbitrary<number>;
  maxDelete: number;
  maxInsert: number;
  maxAppend: number;
}

export function byteEdit({ at, byte, maxDelete, maxInsert, maxAppend }: ByteEditOptions): fc.Arbitrary<ByteEdit> {
  return fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at, bit: fc.integer({ min: 0, max: 7 }) }),
    fc.record({ kind: fc.constant('set' as const), at, byte }),
    fc.record({ kind: fc.constant('delete' as const), at, length: fc.integer({ min: 1, max: maxDelete }) }),
    fc.record({ kind: fc.constant('insert' as const), at, bytes: fc.array(byte, { minLength: 1, maxLength: maxInsert }) }),
    fc.record({ kind: fc.constant('truncate' as const), at }),
    fc.record({ kind: fc.constant('append' as const), bytes: fc.array(byte, { minLength: 1, maxLength: maxAppend }) }),
  );
}

/** Any byte, or one of `alphabet`'s characters: structural characters reach deeper checks than noise. */
export function biasedByte(alphabet: string): fc.Arbitrary<number> {
  return fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(...Array.from(alphabet, (c) => c.charCodeAt(0))));
}

export function applyByteEdits(bytes: Uint8Array, edits: readonly ByteEdit[]): Buffer {
  let out = Buffer.from(bytes);
  for (const edit of edits) {
    const at = out.length === 0 ? 0 : ('at' in edit ? edit.at : 0) % out.length;
    switch (edit.kind) {
      case 'flip':
        if (out.length > 0) out[at] = (out[at] ?? 0) ^ (1 << edit.bit);
        break;
      case 'set':
        if (out.length > 0) out[at] = edit.byte;
        break;
      case 'delete':
        out = Buffer.concat([out.subarray(0, at), out.subarray(at + edit.length)]);
        break;
      case 'insert':
        out = Buffer.concat([out.subarray(0, at), Buffer.from(edit.bytes), out.subarray(at)]);
        break;
      case 'truncate':
        out = out.subarray(0, at);
        break;
      case 'append':
        out = Buffer.concat([out, Buffer.from(edit.bytes)]);
        break;
    }
  }
  return out;
}
