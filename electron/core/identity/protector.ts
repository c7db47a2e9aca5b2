/**
 * The OS keychain as the core sees it. The Electron shell implements it with
 * safeStorage (electron/main/safeStorageProtector.ts); the core never imports
 * 'electron', so it gets one through CoreOptions or does without.
 */
export interface SecretProtector {
  readonly kind: 'os';
  /** False where the OS offers no real protection (e.g. Linux without a keyring). */
  isAvailable(): boolean;
  encrypt(plain: Buffer): Buffer;
  decrypt(sealed: Buffer): Buffer;
}

/** age's default scrypt work factor (log2 N); what every real identity is sealed with. */
export const DEFAULT_SCRYPT_WORK_FACTOR = 18;
/** age-encryption refuses to open files above 20, so nothing is sealed above it. */
export const MAX_SCRYPT_WORK_FACTOR = 20;

export interface IdentityOptions {
  protector?: SecretProtector | undefined;
  /**
   * log2 of scrypt's N for new passphrase-sealed keys. Only tests lower it, to save
   * seconds per key; opening reads the factor from the file, so any value opens.
   */
  scryptWorkFactor?: number | undefined;
}
