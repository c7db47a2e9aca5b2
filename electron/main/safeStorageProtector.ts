import { safeStorage } from 'electron';
import type { SecretProtector } from '../core/identity/protector';

/**
 * The OS keychain (Keychain, DPAPI, libsecret/kwallet) for the identity's private
 * keys in the desktop app, so an expert need not type a passphrase at every start.
 * Only valid after app 'ready'. The synchronous API is used because the core's
 * SecretProtector is synchronous; the keys are a few hundred bytes.
 */
export function safeStorageProtector(): SecretProtector {
  return {
    kind: 'os',
    isAvailable() {
      if (!safeStorage.isEncryptionAvailable()) return false;
      // On Linux without a keyring Electron falls back to a hard-coded key: that is
      // obfuscation, not protection, so a passphrase is required instead.
      return process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text';
    },
    encrypt(plain) {
      return safeStorage.encryptString(plain.toString('utf8'));
    },
    decrypt(sealed) {
      return Buffer.from(safeStorage.decryptString(sealed), 'utf8');
    },
  };
}
