import { Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ExpertReturn, ReturnStatus } from '../../../../shared/domain/merge';
import { MONOSPACE } from '../identity/FingerprintDisplay';
import './mergeMessages';

const STATUS_COLOR: Record<ReturnStatus, string> = { 'not-returned': 'default', partial: 'orange', complete: 'green' };

/** Per expert: 未返回 / 部分返回 / 已完成, how many assigned applications are done, the latest revision and when it came. */
export function ReturnsTable({ experts, loading }: { experts: readonly ExpertReturn[]; loading: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <Table<ExpertReturn>
      size="small"
      rowKey="fingerprint"
      loading={loading}
      pagination={false}
      dataSource={[...experts]}
      locale={{ emptyText: t('mergeUi.noExperts') }}
      data-testid="returns-table"
      columns={[
        {
          title: t('mergeUi.expert'),
          key: 'expert',
          render: (_, expert) => (
            <>
              <Typography.Text>{expert.name}</Typography.Text>
              <br />
              <Typography.Text type="secondary" style={{ fontFamily: MONOSPACE, fontSize: 12 }}>
                {expert.fingerprint.slice(0, 23)}…
              </Typography.Text>
            </>
          ),
        },
        {
          title: t('mergeUi.status'),
          key: 'status',
          render: (_, expert) => (
            <Tag color={STATUS_COLOR[expert.status]} data-testid="return-status">
              {t(`merge.returnStatus.${expert.status}`)}
            </Tag>
          ),
        },
        {
          title: t('mergeUi.done'),
          key: 'done',
          render: (_, expert) =>
            `${t('mergeUi.doneValue', { done: expert.done, assigned: expert.assigned })}${expert.conflicts > 0 ? t('mergeUi.conflicts', { count: expert.conflicts }) : ''}`,
        },
        {
          title: t('mergeUi.revision'),
          key: 'revision',
          render: (_, expert) => (expert.revision === null ? t('mergeUi.none') : t('mergeUi.revisionValue', { revision: expert.revision })),
        },
        {
          title: t('mergeUi.receivedAt'),
          key: 'receivedAt',
          render: (_, expert) => (expert.receivedAt === null ? t('mergeUi.none') : new Date(expert.receivedAt).toLocaleString(i18n.language)),
        },
      ]}
    />
  );
}
