import { cryptoError, type CryptoFailure } from './cryptoError';

/**
 * The SSH wire encoding (RFC 4251 §5): uint32 big-endian lengths in front of byte strings.
 * Keys, private-key files and SSHSIG blobs are all built from it.
 */
export function sshString(value: Buffer | string): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

export function sshUint32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
}

/**
 * Reads a wire-encoded buffer front to back. Every read checks the bounds, so a truncated
 * or lying length becomes a clear refusal (with the caller's reason) instead of a RangeError.
 */
export class SshReader {
  private offset = 0;

  constructor(
    private readonly bytes: Buffer,
    private readonly reason: CryptoFailure,
    private readonly what: string,
  ) {}

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  raw(length: number): Buffer {
    if (length > this.remaining) throw this.fail('is truncated');
    const out = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  uint32(): number {
    return this.raw(4).readUInt32BE(0);
  }

  string(): Buffer {
    return this.raw(this.uint32());
  }

  /** A string that must be printable text (names, namespaces): refuse invalid UTF-8. */
  text(): string {
    const bytes = this.string();
    const text = bytes.toString('utf8');
    if (!Buffer.from(text, 'utf8').equals(bytes)) throw this.fail('holds a name that is not valid UTF-8');
    return text;
  }

  /** Trailing bytes could smuggle data past a check, so every parse ends here. */
  end(): void {
    if (this.remaining !== 0) throw this.fail(`has ${this.remaining} unexpected trailing bytes`);
  }

  fail(problem: string): Error {
    return cryptoError(this.reason, `${this.what} ${problem}`);
  }
}

/**
 * Strict base64 for armored bodies: Buffer.from(…, 'base64') silently skips junk, so the
 * text must match the alphabet and re-encode to itself.
 */
export function decodeStrictBase64(text: string, reason: CryptoFailure, what: string): Buffer {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) {
    throw cryptoError(reason, `${what} is not valid base64`);
  }
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text) throw cryptoError(reason, `${what} is not canonical base64`);
  return bytes;
}

/** Armor the way OpenSSH does: base64 wrapped at 70 columns between BEGIN/END lines. */
export function armor(label: string, bytes: Buffer): string {
  const body = bytes.toString('base64').match(/.{1,70}/g) ?? [];
  return [`-----BEGIN ${label}-----`, ...body, `-----END ${label}-----`, ''].join('\n');
}

/**
 * The inverse of armor(): exactly one block, nothing but whitespace around it. Line breaks
 * may be CRLF (files that went through Windows tools); the body may be wrapped anywhere.
 */
export function dearmor(text: string, label: string, reason: CryptoFailure, what: string): Buffer {
  const lines = text.replace(/\r\n/g, '\n').trim().split('\n').map((line) => line.trim());
  const begin = `-----BEGIN ${label}-----`;
  const end = `-----END ${label}-----`;
  if (lines.length < 2 || lines[0] !== begin) throw cryptoError(reason, `${what} does not start with "${begin}"`);
  if (lines[lines.length - 1] !== end) throw cryptoError(reason, `${what} does not end with "${end}" (truncated?)`);
  const body = lines.slice(1, -1).join('');
  if (body.length === 0) throw cryptoError(reason, `${what} is empty`);
  return decodeStrictBase64(body, reason, what);
}
