import { EditOutlined, FilePdfOutlined, FormOutlined, LockOutlined } from '@ant-design/icons';
import { Button, Empty, Progress, Select, Space, Table, Tooltip, Typography, message } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { docKinds, type Application, type DocKind, type DocumentSummary } from '../../../../shared/domain/application';
import { describeError } from '../../../../shared/i18n/describeError';
import { invoke, toCommandError } from '../../api/client';
import { useTranslate } from '../../i18n';
import { EditApplicationDialog } from './EditApplicationDialog';
import { useNavigation } from '../../navigation';
import { prefetchDocument } from '../documents/documentPrefetch';
import { useRounds } from '../rounds/roundStore';
import { ScoringProgress } from '../scoring/ScoringProgress';
import { useScoring } from '../scoring/scoringStore';

function TextStatus({ doc }: { doc: DocumentSummary }) {
  const { t } = useTranslation();
  if (doc.textStatus === 'done') return <Typography.Text type="secondary">{t('ui.textDone')}</Typography.Text>;
  if (doc.textStatus === 'failed') return <Typography.Text type="warning">{t('ui.textFailed')}</Typography.Text>;
  return (
    <Tooltip title={t('ui.textPending')}>
      <Progress percent={Math.floor((doc.textPages / doc.pages) * 100)} size="small" style={{ width: 120 }} />
    </Tooltip>
  );
}

export function ApplicationsTable({ roundId, applications, loading }: { roundId: string; applications: Application[]; loading: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigation((s) => s.navigate);
  const open = (sha256: string, app: string) => {
    prefetchDocument(sha256);
    navigate({ view: 'reader', roundId, sha256, page: null, query: null, app });
  };
  // In an expert round the table is also the overview of scoring progress.
  const scoring = useRounds((s) => s.rounds.find((round) => round.id === roundId)?.role === 'expert');
  const loadSheet = useScoring((s) => s.load);
  useEffect(() => {
    if (scoring) void loadSheet(roundId);
  }, [scoring, roundId, loadSheet]);
  // Rows the user folded; everything else shows its documents, including packages imported later.
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [editing, setEditing] = useState<Application | null>(null);
  const translate = useTranslate();
  const changeKind = (applicationId: string, sha256: string, kind: DocKind) =>
    invoke('document.update', { applicationId, sha256, kind }).catch((error: unknown) => {
      void message.error(describeError(translate, toCommandError(error)));
    });

  return (
    <>
      <Table<Application>
        data-testid="applications-table"
        rowKey="id"
        loading={loading && applications.length === 0}
        dataSource={applications}
        pagination={applications.length > 20 ? { pageSize: 20 } : false}
        expandable={{
          expandedRowKeys: applications.filter((app) => !collapsed.has(app.id)).map((app) => app.id),
          onExpand: (expanded, app) =>
            setCollapsed((current) => {
              const next = new Set(current);
              if (expanded) next.delete(app.id);
              else next.add(app.id);
              return next;
            }),
          expandedRowRender: (app) => (
            <Table<DocumentSummary>
              rowKey="sha256"
              size="small"
              pagination={false}
              dataSource={app.documents}
              columns={[
                {
                  title: t('ui.documents'),
                  dataIndex: 'name',
                  render: (name: string, doc) => (
                    <Space>
                      <FilePdfOutlined style={{ color: '#c0392b' }} />
                      <Button type="link" style={{ padding: 0 }} onClick={() => open(doc.sha256, app.id)}>
                        {name}
                      </Button>
                      {doc.encryption === 'user' && <LockOutlined title={t('ui.password')} />}
                    </Space>
                  ),
                },
                {
                  title: t('ui.docKind'),
                  dataIndex: 'kind',
                  render: (kind: DocKind, doc) => (
                    <Select<DocKind>
                      size="small"
                      variant="borderless"
                      value={kind}
                      style={{ minWidth: 120 }}
                      aria-label={t('ui.docKind')}
                      options={docKinds.map((value) => ({ value, label: t(`docKind.${value}`) }))}
                      onChange={(value) => void changeKind(app.id, doc.sha256, value)}
                    />
                  ),
                },
                { title: t('ui.pages'), dataIndex: 'pages', align: 'right' },
                { title: t('ui.textIndex'), key: 'text', render: (_: unknown, doc) => <TextStatus doc={doc} /> },
              ]}
            />
          ),
        }}
        locale={{ emptyText: <Empty description={t('ui.noApplications')} /> }}
        columns={[
          { title: t('ui.city'), dataIndex: 'city', render: (city: string | null) => <Typography.Text strong>{city ?? '—'}</Typography.Text> },
          { title: t('ui.province'), dataIndex: 'province', render: (v: string | null) => v ?? '—' },
          { title: t('ui.applicant'), dataIndex: 'applicant', render: (v: string | null) => v ?? '—' },
          { title: t('ui.documents'), key: 'count', align: 'right', render: (_: unknown, app) => app.documents.length },
          { title: t('ui.pages'), key: 'pages', align: 'right', render: (_: unknown, app) => app.documents.reduce((n, d) => n + d.pages, 0) },
          ...(scoring ? [{ title: t('scoring.overviewTitle'), key: 'scoring', render: (_: unknown, app: Application) => <ScoringProgress roundId={roundId} applicationId={app.id} /> }] : []),
          {
            title: t('ui.actions'),
            key: 'actions',
            align: 'right',
            render: (_: unknown, app) =>
              scoring ? (
                <Button
                  size="small"
                  type="primary"
                  icon={<FormOutlined />}
                  disabled={app.documents.length === 0}
                  onClick={() => app.documents[0] !== undefined && open(app.documents[0].sha256, app.id)}
                  data-testid="score-application"
                >
                  {t('scoring.score')}
                </Button>
              ) : (
                <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(app)} data-testid="edit-application">
                  {t('ui.edit')}
                </Button>
              ),
          },
        ]}
      />
      <EditApplicationDialog application={editing} onClose={() => setEditing(null)} />
    </>
  );
}
