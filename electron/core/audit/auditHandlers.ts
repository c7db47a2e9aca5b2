import type { Commands } from '../../../shared/contract/commands';
import type { Handlers } from '../router';
import type { AuditLog } from './auditLog';

/** Reading the audit log: the UI's view and `audit verify`. Writing happens only in the commands it records. */
export function auditHandlers(audit: AuditLog): Pick<Handlers<Commands>, 'audit.verify' | 'audit.list'> {
  return {
    'audit.verify': () => ({ ok: true as const, ...audit.verify() }),
    'audit.list': ({ roundId, before, limit }) => audit.list({ roundId, before, limit }),
  };
}
