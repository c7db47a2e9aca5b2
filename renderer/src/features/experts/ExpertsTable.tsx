import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { App, Button, Empty, Space, Table, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conflict, Expert } from '../../../../shared/domain/expert';
import { describeError } from '../../../../shared/i18n/describeError';
import { invoke, toCommandError } from '../../api/client';
import { useTranslate } from '../../i18n';
import { MONOSPACE } from '../identity/FingerprintDisplay';
import { EditExpertDialog } from './EditExpertDialog';
import { shortFingerprint } from './expertPanelStore';
import { PackageTag } from './PackageTag';
import './expertsMessages';

/** The round's experts: who they are, where they work, their load and package; edit and remove. */
export function ExpertsTable({ roundId, experts, conflicts, loading }: { roundId: string; experts: Expert[]; conflicts: readonly Conflict[]; loading: boolean }) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const { message, modal } = App.useApp();
  const [editing, setEditing] = useState<Expert | null>(null);
  const notGiven = <Typography.Text type="secondary">{t('experts.notGiven')}</Typography.Text>;

  /** Removing says first what goes with the expert; nothing of it can be undone. */
  function confirmRemove(expert: Expert) {
    const decisions = conflicts.filter((c) => c.fingerprint === expert.fingerprint && c.decision !== null).length;
    const losses = [
      expert.applicationIds.length > 0 ? t('experts.removeAssignments', { count: expert.applicationIds.length }) : null,
      decisions > 0 ? t('experts.removeDecisions', { count: decisions }) : null,
      expert.package !== null ? t('experts.removePackages') : null,
      expert.package !== null ? t('experts.removeBundles') : null,
    ].filter((line): line is string => line !== null);
    modal.confirm({
      title: t('experts.removeTitle', { name: expert.name }),
      content: (
        <div data-testid="remove-expert-losses">
          {losses.length === 0 ? (
            t('experts.removeNothing')
          ) : (
            <>
              {t('experts.removeIntro')}
              <ul style={{ margin: '8px 0 0', paddingInlineStart: 20 }}>
                {losses.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      ),
      okText: t('experts.removeConfirm'),
      okButtonProps: { danger: true },
      cancelText: t('experts.cancel'),
      onOk: async () => {
        try {
          await invoke('expert.remove', { roundId, fingerprint: expert.fingerprint });
          void message.success(t('experts.removed', { name: expert.name }));
        } catch (error) {
          void message.error(describeError(translate, toCommandError(error)));
        }
      },
    });
  }

  return (
    <>
      <Table<Expert>
        data-testid="experts-table"
        rowKey="fingerprint"
        size="small"
        loading={loading && experts.length === 0}
        dataSource={experts}
        pagination={false}
        locale={{ emptyText: <Empty description={t('experts.noExperts')}>{t('experts.noExpertsHint')}</Empty> }}
        columns={[
          {
            key: 'name',
            title: t('experts.name'),
            render: (_, expert) => (
              <Space direction="vertical" size={0}>
                <Typography.Text strong>{expert.name}</Typography.Text>
                {expert.affiliation !== null && <Typography.Text type="secondary">{expert.affiliation}</Typography.Text>}
              </Space>
            ),
          },
          { key: 'city', title: t('experts.city'), render: (_, expert) => expert.city ?? notGiven },
          { key: 'province', title: t('experts.province'), render: (_, expert) => expert.province ?? notGiven },
          {
            key: 'fingerprint',
            title: t('experts.fingerprint'),
            render: (_, expert) => (
              <Tooltip title={expert.fingerprint}>
                <Typography.Text copyable={{ text: expert.fingerprint }} style={{ fontFamily: MONOSPACE, fontSize: 12 }}>
                  {shortFingerprint(expert.fingerprint)}
                </Typography.Text>
              </Tooltip>
            ),
          },
          { key: 'load', title: t('experts.load'), align: 'right', render: (_, expert) => t('experts.loadValue', { count: expert.applicationIds.length }) },
          { key: 'package', title: t('experts.package'), render: (_, expert) => <PackageTag expert={expert} /> },
          {
            key: 'actions',
            title: t('ui.actions'),
            render: (_, expert) => (
              <Space size={0}>
                <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(expert)} data-testid={`edit-expert-${expert.name}`}>
                  {t('experts.edit')}
                </Button>
                <Button type="link" size="small" danger icon={<DeleteOutlined />} onClick={() => confirmRemove(expert)} data-testid={`remove-expert-${expert.name}`}>
                  {t('experts.remove')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <EditExpertDialog roundId={roundId} expert={editing} onClose={() => setEditing(null)} />
    </>
  );
}
