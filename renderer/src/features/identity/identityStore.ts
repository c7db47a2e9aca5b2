import { create } from 'zustand';
import type { CommandError } from '../../../../shared/contract/errors';
import type { Identity } from '../../../../shared/domain/identity';
import { invoke, toCommandError, transport } from '../../api/client';

export interface NewIdentityFields {
  name: string;
  affiliation?: string | undefined;
  passphrase?: string | undefined;
}

export interface ImportedKeys {
  sshPrivateKey: string;
  ageIdentity: string;
}

interface IdentityState {
  /** undefined until the first answer; null when this data directory has none yet. */
  identity: Identity | null | undefined;
  loadError: CommandError | null;
  /**
   * Whether new keys need a passphrase. The web shell has no OS keychain; the desktop
   * app has one unless the OS offers none, which the back end then says (PASSPHRASE_REQUIRED).
   */
  passphraseNeeded: boolean;
  load(): Promise<void>;
  /** These reject with ApiError for the form to show; PASSPHRASE_REQUIRED also sets passphraseNeeded. */
  create(fields: NewIdentityFields): Promise<Identity>;
  importKeys(fields: NewIdentityFields & ImportedKeys): Promise<Identity>;
  unlock(passphrase: string | undefined): Promise<Identity>;
  lock(): Promise<void>;
}

export const useIdentity = create<IdentityState>((set) => {
  /** Runs a command that answers with the identity, and keeps the answer. */
  async function adopt(run: () => Promise<Identity>): Promise<Identity> {
    try {
      const identity = await run();
      set({ identity, loadError: null });
      return identity;
    } catch (error) {
      if (toCommandError(error).code === 'PASSPHRASE_REQUIRED') set({ passphraseNeeded: true });
      throw error;
    }
  }

  return {
    identity: undefined,
    loadError: null,
    passphraseNeeded: transport === 'web',
    async load() {
      try {
        set({ identity: await invoke('identity.get', {}), loadError: null });
      } catch (error) {
        set({ loadError: toCommandError(error) });
      }
    },
    create: (fields) => adopt(() => invoke('identity.create', fields)),
    importKeys: (fields) => adopt(() => invoke('identity.import', fields)),
    unlock: (passphrase) => adopt(() => invoke('identity.unlock', passphrase === undefined ? {} : { passphrase })),
    async lock() {
      set({ identity: await invoke('identity.lock', {}) });
    },
  };
});
