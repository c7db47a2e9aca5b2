import type { CommandError } from '../../../../shared/contract/errors';
import type { Protection } from '../../../../shared/domain/identity';
import { describeError, type Translate } from '../../../../shared/i18n/describeError';

/**
 * The shared catalog words some identity errors for the command line (--passphrase-file,
 * `key import`); in the UI they read as what to do here. Everything else is describeError.
 */
export function describeIdentityError(t: Translate, error: CommandError, protection?: Protection): string {
  switch (error.code) {
    case 'PASSPHRASE_REQUIRED':
    case 'IDENTITY_MISSING':
      return t(`identity.errors.${error.code}`);
    case 'IDENTITY_LOCKED':
      return t(protection === 'os' ? 'identity.errors.osKeychain' : 'identity.errors.IDENTITY_LOCKED');
    default:
      return describeError(t, error);
  }
}
