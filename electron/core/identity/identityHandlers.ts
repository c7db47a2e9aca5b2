import type { Commands } from '../../../shared/contract/commands';
import type { Handlers } from '../router';
import type { IdentityService } from './identityService';

type IdentityCommandName =
  | 'identity.get'
  | 'identity.create'
  | 'identity.import'
  | 'identity.unlock'
  | 'identity.lock'
  | 'identity.keyCard'
  | 'identity.exportPrivate';

export function identityHandlers(identity: IdentityService): Pick<Handlers<Commands>, IdentityCommandName> {
  return {
    'identity.get': () => identity.get(),
    'identity.create': (input) => identity.create(input),
    'identity.import': (input) => identity.import(input),
    'identity.unlock': ({ passphrase }) => identity.unlock(passphrase),
    'identity.lock': () => identity.lock(),
    'identity.keyCard': () => identity.keyCard(),
    'identity.exportPrivate': () => identity.exportPrivate(),
  };
}
