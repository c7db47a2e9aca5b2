import { ImportOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTranslate } from '../../i18n';
import type { Round, RoundKind } from '../../../../shared/domain/round';
import { describeError } from '../../../../shared/i18n/describeError';
import { onAppEvent } from '../../api/client';
import { PanelImportDialog } from '../panel/PanelImportDialog';
import { CreateRoundDialog } from './CreateRoundDialog';
import { useRounds } from './roundStore';
import { useNavigation } from '../../navigation';

const kindColors: Record<RoundKind, string> = {
  'plan-review': 'blue',
  midterm: 'purple',
  assessment: 'green',
  custom: 'default',
};

export function RoundsPage() {
  const { t, i18n } = useTranslation();
  const translate = useTranslate();
  const { rounds, loading, loadError, load } = useRounds();
  const [creating, setCreating] = useState(false);
  const [importingPanel, setImportingPanel] = useState(false);
  const navigate = useNavigation((s) => s.navigate);

  useEffect(() => {
    void load();
    // Another window or tab may create rounds: reload when the back end says so.
    return onAppEvent((event) => {
      if (event.type === 'changed' && event.entity === 'rounds') void load();
    });
  }, [load]);

  useEffect(() => {
    // Ctrl/⌘+N opens the dialog, as "new" does everywhere else on the desktop.
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'n') {
        event.preventDefault();
        setCreating(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const dateFormat = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <Card
      title={t('ui.rounds')}
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => void load()} aria-label={t('ui.retry')} />
          <Button icon={<ImportOutlined />} onClick={() => setImportingPanel(true)} data-testid="import-panel">
            {t('panel.importPackage')}
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-round">
            {t('ui.newRound')}
          </Button>
        </Space>
      }
    >
      {loadError !== null && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('ui.loadFailed')}
          description={describeError(translate, loadError)}
          action={<Button onClick={() => void load()}>{t('ui.retry')}</Button>}
        />
      )}
      <Table<Round>
        data-testid="round-table"
        rowKey="id"
        loading={loading && rounds.length === 0}
        dataSource={rounds}
        pagination={rounds.length > 20 ? { pageSize: 20 } : false}
        onRow={(round) => ({ onClick: () => navigate({ view: 'round', roundId: round.id }), style: { cursor: 'pointer' } })}
        locale={{
          emptyText: (
            <Empty description={t('ui.noRounds')}>
              <Typography.Text type="secondary">{t('ui.noRoundsHint')}</Typography.Text>
            </Empty>
          ),
        }}
        columns={[
          { title: t('ui.roundName'), dataIndex: 'name', render: (name: string) => <Typography.Text strong>{name}</Typography.Text> },
          {
            title: t('ui.roundKind'),
            dataIndex: 'kind',
            render: (kind: RoundKind) => <Tag color={kindColors[kind]}>{t(`roundKind.${kind}`)}</Tag>,
          },
          { title: t('ui.role'), dataIndex: 'role', render: (role: Round['role']) => t(`role.${role}`) },
          {
            title: t('ui.roundId'),
            dataIndex: 'id',
            render: (id: string) => (
              <Typography.Text code copyable>
                {id}
              </Typography.Text>
            ),
          },
          { title: t('ui.createdAt'), dataIndex: 'createdAt', render: (at: string) => dateFormat.format(new Date(at)) },
        ]}
      />
      <CreateRoundDialog open={creating} onClose={() => setCreating(false)} />
      <PanelImportDialog
        open={importingPanel}
        onClose={() => setImportingPanel(false)}
        onImported={(roundId) => {
          setImportingPanel(false);
          void load();
          navigate({ view: 'round', roundId });
        }}
      />
    </Card>
  );
}
