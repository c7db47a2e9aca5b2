import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Flex, Table, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../../shared/domain/audit';
import { describeError } from '../../../../shared/i18n/describeError';
import { onAppEvent } from '../../api/client';
import { useTranslate } from '../../i18n';
import { MONOSPACE } from '../identity/FingerprintDisplay';
import { useRounds } from '../rounds/roundStore';
import { AUDIT_PAGE_SIZE, hasOlder, useAuditLog } from './auditStore';
import { AuditVerify, type VerifyOutcome } from './AuditVerify';
import './audit.css';
import './auditMessages';

/**
 * The audit log, newest first: this round's entries (or the whole log), a page at a
 * time, each entry's detail as the JSON that was hashed, and a check of the whole chain.
 */
export function AuditLogView({ roundId }: { roundId: string }) {
  const { t, i18n } = useTranslation();
  const translate = useTranslate();
  const [onlyRound, setOnlyRound] = useState(true);
  const [verified, setVerified] = useState<VerifyOutcome | null>(null);
  const { entries, total, cursors, loading, loadError, load, older, newer } = useAuditLog();
  const rounds = useRounds((s) => s.rounds);
  const roundName = (id: string) => rounds.find((round) => round.id === id)?.name ?? id;
  const scope = onlyRound ? roundId : null;

  useEffect(() => {
    void load(scope);
    // Whatever the secretary does next is an entry: follow it while the newest page is shown.
    return onAppEvent((event) => {
      if (event.type === 'changed' && useAuditLog.getState().cursors.length === 1) void load(scope);
    });
  }, [scope, load]);

  const brokenSeq = verified?.kind === 'broken' ? verified.seq : null;
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  return (
    <Flex vertical gap={12} data-testid="audit-log">
      <Flex wrap gap={12} align="center" justify="space-between">
        <Checkbox checked={onlyRound} onChange={(event) => setOnlyRound(event.target.checked)} data-testid="audit-only-round">
          {t('auditUi.onlyRound')}
        </Checkbox>
        <AuditVerify onVerified={setVerified} />
      </Flex>
      {verified !== null && <VerifyAlert outcome={verified} />}
      {loadError !== null && <Alert type="error" showIcon title={t('auditUi.loadFailed')} description={describeError(translate, loadError)} />}
      <Table<AuditEntry>
        size="small"
        rowKey="seq"
        loading={loading}
        pagination={false}
        dataSource={entries}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('auditUi.empty') }}
        rowClassName={(entry) => (entry.seq === brokenSeq ? 'pr-audit-broken' : '')}
        expandable={{
          expandedRowRender: (entry) => <pre className="pr-audit-json">{JSON.stringify(entry.detail, null, 2)}</pre>,
          columnWidth: 36,
        }}
        data-testid="audit-table"
        columns={[
          { title: t('auditUi.seq'), key: 'seq', align: 'right', render: (_, entry) => entry.seq },
          { title: t('auditUi.at'), key: 'at', render: (_, entry) => new Date(entry.at).toLocaleString(i18n.language) },
          {
            title: t('auditUi.action'),
            key: 'action',
            render: (_, entry) => (
              <span data-testid="audit-action" data-action={entry.action}>
                {t(`auditUi.actions.${entry.action}`, { defaultValue: entry.action })}
              </span>
            ),
          },
          ...(onlyRound
            ? []
            : [{ title: t('auditUi.round'), key: 'round', render: (_: unknown, entry: AuditEntry) => (entry.roundId === null ? t('auditUi.noRound') : roundName(entry.roundId)) }]),
          {
            title: t('auditUi.detail'),
            key: 'detail',
            render: (_, entry) => (
              // Cut to one line here; the row expands to the whole JSON.
              <div className="pr-audit-detail">{JSON.stringify(entry.detail)}</div>
            ),
          },
          {
            title: t('auditUi.hash'),
            key: 'hash',
            render: (_, entry) => (
              <Tooltip title={entry.hash}>
                <Typography.Text style={{ fontFamily: MONOSPACE, fontSize: 12 }}>{entry.hash.slice(0, 12)}…</Typography.Text>
              </Tooltip>
            ),
          },
        ]}
      />
      <Flex gap={8} align="center" justify="flex-end">
        <Typography.Text type="secondary" data-testid="audit-page">
          {t('auditUi.pageOf', { page: cursors.length, pages, total })}
        </Typography.Text>
        <Button size="small" icon={<LeftOutlined />} disabled={cursors.length <= 1 || loading} onClick={() => void newer()} data-testid="audit-newer">
          {t('auditUi.newer')}
        </Button>
        <Button size="small" disabled={!hasOlder({ cursors, total }) || loading} onClick={() => void older()} data-testid="audit-older">
          {t('auditUi.older')} <RightOutlined />
        </Button>
      </Flex>
    </Flex>
  );
}

function VerifyAlert({ outcome }: { outcome: VerifyOutcome }) {
  const { t } = useTranslation();
  const translate = useTranslate();
  if (outcome.kind === 'ok') {
    return (
      <Alert
        type="success"
        showIcon
        data-testid="audit-verify-result"
        data-ok="true"
        title={outcome.entries === 0 ? t('auditUi.verifyEmpty') : t('auditUi.verifyOk', { entries: outcome.entries, head: outcome.head ?? '' })}
      />
    );
  }
  return <Alert type="error" showIcon data-testid="audit-verify-result" data-ok="false" title={t('auditUi.verifyFailed')} description={describeError(translate, outcome.error)} />;
}
