/**
 * Caps on what a panel package may hold. A package is authenticated only by the
 * secretary's signature inside it, so the reader meets its contents before it knows
 * who made them: every size is capped before it costs memory or disk.
 */

export interface PanelLimits {
  /** manifest.json is read into memory whole. */
  maxManifestBytes: number;
  /** manifest.json.sig: an armored SSHSIG is about 300 bytes. */
  maxSignatureBytes: number;
  maxDocuments: number;
  maxDocumentBytes: number;
  /** All documents together. */
  maxTotalBytes: number;
}

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

export const DEFAULT_PANEL_LIMITS: Readonly<PanelLimits> = Object.freeze({
  maxManifestBytes: 1 * MiB,
  maxSignatureBytes: 16 * KiB,
  maxDocuments: 2000,
  maxDocumentBytes: 1 * GiB,
  maxTotalBytes: 16 * GiB,
});

export function resolvePanelLimits(given: Partial<PanelLimits> = {}): PanelLimits {
  const d = DEFAULT_PANEL_LIMITS;
  return {
    maxManifestBytes: given.maxManifestBytes ?? d.maxManifestBytes,
    maxSignatureBytes: given.maxSignatureBytes ?? d.maxSignatureBytes,
    maxDocuments: given.maxDocuments ?? d.maxDocuments,
    maxDocumentBytes: given.maxDocumentBytes ?? d.maxDocumentBytes,
    maxTotalBytes: given.maxTotalBytes ?? d.maxTotalBytes,
  };
}

/** Zip overhead allowed per entry: headers, a data descriptor and the name, twice. */
const ZIP_BYTES_PER_ENTRY = 1 * KiB;
/** age adds a 16-byte tag per 64 KiB chunk, plus a header of about 150 bytes per recipient. */
const AGE_OVERHEAD_RATIO = 16 / (64 * KiB);
const AGE_HEADER_ALLOWANCE = 64 * KiB;

/**
 * The largest ciphertext that could hold a package within `limits`: anything bigger is
 * refused before it is decrypted to disk. Generous on overheads; it only has to stop
 * the disk filling with a package that would be refused afterwards anyway.
 */
export function maxCiphertextBytes(limits: PanelLimits): number {
  const zip = limits.maxTotalBytes + limits.maxManifestBytes + limits.maxSignatureBytes + (limits.maxDocuments + 2) * ZIP_BYTES_PER_ENTRY;
  return Math.ceil(zip * (1 + AGE_OVERHEAD_RATIO)) + AGE_HEADER_ALLOWANCE;
}
