import { ArrowLeftOutlined, AuditOutlined, BarChartOutlined, ExportOutlined, FileTextOutlined, InboxOutlined, PrinterOutlined, ProfileOutlined, TeamOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Row, Space, Tabs, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../../../shared/i18n/describeError';
import { onAppEvent } from '../../api/client';
import { useTranslate } from '../../i18n';
import { useNavigation, type RoundTab } from '../../navigation';
import { AuditLogView } from '../audit/AuditLogView';
import { useRounds } from '../rounds/roundStore';
import { ExpertsSection } from '../experts/ExpertsSection';
import { ScoresExportDialog } from '../panel/ScoresExportDialog';
import { ScoreSheetDialog } from '../panel/ScoreSheetDialog';
import '../panel/scoreSheetMessages';
import { BundleImportDialog } from '../merge/BundleImportDialog';
import { ResultsDashboard } from '../results/ResultsDashboard';
import { RubricDialog } from '../rubric/RubricDialog';
import { SearchPanel } from '../search/SearchPanel';
import { ApplicationsTable } from './ApplicationsTable';
import { useApplications } from './applicationStore';
import { ImportDialog } from './ImportDialog';
import { useRoundTab } from './roundTab';

/**
 * A round: its application packages and search across them. The secretary imports
 * packages into it; in an expert round (from a panel package) the expert exports the
 * score bundle from here. The secretary's round has four panes, one per stage of the
 * work — 申报材料, 专家与分配, 评审结果, 审计日志 — each with its own address, so a reload
 * or "back" from the reader lands where the secretary was.
 */
export function RoundPage({ roundId }: { roundId: string }) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const navigate = useNavigation((s) => s.navigate);
  const round = useRounds((s) => s.rounds.find((r) => r.id === roundId));
  const loadRounds = useRounds((s) => s.load);
  const { applications, loading, loadError, load } = useApplications();
  const [importing, setImporting] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [printing, setPrinting] = useState(false);
  const [editingRubric, setEditingRubric] = useState(false);
  const [importingBundles, setImportingBundles] = useState(false);
  const isExpertRound = round?.role === 'expert';
  const [tab, showTab] = useRoundTab(roundId);

  useEffect(() => {
    if (round === undefined) void loadRounds();
  }, [round, loadRounds]);

  useEffect(() => {
    void load(roundId);
    // Text indexing finishes after the import returns: the table follows it.
    return onAppEvent((event) => {
      if (event.type === 'changed' && event.entity === 'applications') void load(roundId);
    });
  }, [roundId, load]);

  const applicationsPane = (
    <Row gutter={16}>
      <Col xs={24} xl={15}>
        <Card
          title={t('ui.applications')}
          extra={
            // An expert round holds what the secretary's signed package listed: nothing to add.
            !isExpertRound && (
              <Button type="primary" icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="import-application">
                {t('ui.importApplication')}
              </Button>
            )
          }
        >
          <ApplicationsTable roundId={roundId} applications={applications} loading={loading} />
        </Card>
      </Col>
      <Col xs={24} xl={9}>
        <Card title={t('ui.search')}>
          <SearchPanel roundId={roundId} />
        </Card>
      </Col>
    </Row>
  );

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Space align="center">
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate({ view: 'rounds' })}>
          {t('ui.back')}
        </Button>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="round-title">
          {round?.name ?? roundId}
        </Typography.Title>
        {round !== undefined && <Tag>{t(`roundKind.${round.kind}`)}</Tag>}
        {round !== undefined && <Tag color={isExpertRound ? 'gold' : 'blue'}>{t(`role.${round.role}`)}</Tag>}
        <Button icon={<ProfileOutlined />} onClick={() => setEditingRubric(true)} data-testid="open-rubric">
          {t('rubric.open')}
        </Button>
        {isExpertRound && (
          <Button type="primary" icon={<ExportOutlined />} onClick={() => setExporting(true)} data-testid="export-scores">
            {t('panel.exportScores')}
          </Button>
        )}
        {isExpertRound && (
          <Button icon={<PrinterOutlined />} onClick={() => setPrinting(true)} data-testid="print-scoresheet">
            {t('scoreSheetUi.open')}
          </Button>
        )}
        {round?.role === 'secretary' && (
          <Button icon={<InboxOutlined />} onClick={() => setImportingBundles(true)} data-testid="import-bundles">
            {t('mergeUi.importBundles')}
          </Button>
        )}
      </Space>
      {loadError !== null && <Alert type="error" showIcon message={t('ui.loadFailed')} description={describeError(translate, loadError)} />}
      {round?.role === 'secretary' ? (
        <Tabs
          activeKey={tab}
          onChange={(key) => showTab(key as RoundTab)}
          data-testid="round-tabs"
          items={[
            { key: 'applications', label: t('ui.applications'), icon: <FileTextOutlined />, children: applicationsPane },
            { key: 'experts', label: t('experts.title'), icon: <TeamOutlined />, children: <ExpertsSection roundId={roundId} applications={applications} /> },
            { key: 'results', label: t('resultsUi.tab'), icon: <BarChartOutlined />, children: <ResultsDashboard roundId={roundId} roundName={round.name} /> },
            { key: 'audit', label: t('auditUi.tab'), icon: <AuditOutlined />, children: <AuditLogView roundId={roundId} /> },
          ]}
        />
      ) : (
        applicationsPane
      )}
      <ImportDialog roundId={roundId} open={importing} onClose={() => setImporting(false)} onImported={() => void load(roundId)} />
      {round?.role === 'expert' && (
        <ScoresExportDialog roundId={roundId} roundName={round.name} applications={applications.length} open={exporting} onClose={() => setExporting(false)} onPrintSheet={() => setPrinting(true)} />
      )}
      {round?.role === 'expert' && (
        <ScoreSheetDialog roundId={roundId} roundName={round.name} open={printing} onClose={() => setPrinting(false)} onExportScores={() => setExporting(true)} />
      )}
      <RubricDialog roundId={roundId} open={editingRubric} onClose={() => setEditingRubric(false)} />
      {round?.role === 'secretary' && <BundleImportDialog roundId={roundId} open={importingBundles} onClose={() => setImportingBundles(false)} />}
    </Space>
  );
}
