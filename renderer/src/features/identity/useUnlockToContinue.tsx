import { message } from 'antd';
import { type ReactNode, useRef, useState } from 'react';
import { toCommandError } from '../../api/client';
import { useTranslate } from '../../i18n';
import { describeIdentityError } from './identityErrors';
import { useIdentity } from './identityStore';
import { UnlockDialog } from './UnlockDialog';
import './identityMessages';

/**
 * For commands that decrypt or sign: when one answers IDENTITY_LOCKED, `unlockThen(retry)`
 * unlocks (the passphrase dialog, or the OS keychain without asking) and runs `retry`
 * once the keys are open. Cancelling the dialog drops the retry. Render `unlockDialog`.
 */
export function useUnlockToContinue(): { unlockThen(retry: () => void): void; unlockDialog: ReactNode } {
  const translate = useTranslate();
  const unlock = useIdentity((s) => s.unlock);
  const [open, setOpen] = useState(false);
  const pending = useRef<(() => void) | null>(null);

  function unlockThen(retry: () => void): void {
    const identity = useIdentity.getState().identity;
    if (identity?.protection === 'os') {
      unlock(undefined).then(retry, (error: unknown) => void message.error(describeIdentityError(translate, toCommandError(error), 'os')));
      return;
    }
    pending.current = retry;
    setOpen(true);
  }

  function close(): void {
    setOpen(false);
    const retry = pending.current;
    pending.current = null;
    if (retry !== null && useIdentity.getState().identity?.unlocked === true) retry();
  }

  return { unlockThen, unlockDialog: <UnlockDialog open={open} onClose={close} /> };
}
