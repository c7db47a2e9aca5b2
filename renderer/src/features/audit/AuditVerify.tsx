import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandError } from '../../../../shared/contract/errors';
import { invoke, toCommandError } from '../../api/client';

/** What `audit.verify` found: the chain whole, or the first row that breaks it. */
export type VerifyOutcome =
  | { kind: 'ok'; entries: number; head: string | null }
  | { kind: 'broken'; seq: number | null; error: CommandError };

/** Recomputes the whole hash chain on the back end; AUDIT_CHAIN_BROKEN names the row. */
export function AuditVerify({ onVerified }: { onVerified(outcome: VerifyOutcome): void }) {
  const { t } = useTranslation();
  const [verifying, setVerifying] = useState(false);
  const verify = async () => {
    setVerifying(true);
    try {
      const { entries, head } = await invoke('audit.verify', {});
      onVerified({ kind: 'ok', entries, head });
    } catch (failure) {
      const error = toCommandError(failure);
      const seq = error.details?.seq;
      onVerified({ kind: 'broken', seq: typeof seq === 'number' ? seq : null, error });
    } finally {
      setVerifying(false);
    }
  };
  return (
    <Button icon={<SafetyCertificateOutlined />} loading={verifying} onClick={() => void verify()} data-testid="audit-verify">
      {t('auditUi.verify')}
    </Button>
  );
}
