import { Alert, Card, Col, Empty, Flex, Row, Spin } from 'antd';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../../../shared/i18n/describeError';
import { onAppEvent } from '../../api/client';
import { useTranslate } from '../../i18n';
import { ReturnsTable } from '../merge/ReturnsTable';
import { useReturns } from '../merge/returnsStore';
import { AgreementCard } from './AgreementCard';
import { ApplicationDetailDrawer } from './ApplicationDetailDrawer';
import { expertNames } from './expertNames';
import { MethodSettingsDialog } from './MethodSettingsDialog';
import { RankingTable } from './RankingTable';
import { ReportExportDialog } from './ReportExportDialog';
import { ResultsToolbar } from './ResultsToolbar';
import { useResults } from './resultsStore';
import { ScoreMatrix } from './ScoreMatrix';
import { TieGroups } from './TieGroups';
import './results.css';
import './resultsMessages';

/** ECharts is most of the charts' weight: not part of the app's first load. */
const ResultsCharts = lazy(() => import('./charts/ResultsCharts'));

/**
 * The secretary's results dashboard of a round: who returned, the ranking by the
 * official method (others beside it as sensitivity views), the application × expert
 * matrix with outliers, panel agreement and charts; a row opens the application's
 * detail, where flags get their notes.
 */
export function ResultsDashboard({ roundId, roundName }: { roundId: string; roundName: string }) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const { results, config, rubric, loading, loadError, load } = useResults();
  const returns = useReturns();
  const loadReturns = returns.load;
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [exportOpen, setExportOpen] = useState(false);

  useEffect(() => {
    void load(roundId);
    void loadReturns(roundId);
    // Merges, notes, method and tie decisions (here, in the import dialog or from the CLI) change the figures.
    return onAppEvent((event) => {
      if (event.type !== 'changed') return;
      if (event.entity === 'results' || event.entity === 'rubrics' || event.entity === 'applications') void load(roundId);
      if (event.entity === 'results' || event.entity === 'experts') void loadReturns(roundId);
    });
  }, [roundId, load, loadReturns]);

  const names = useMemo(() => expertNames(returns.roundId === roundId ? returns.experts : [], results), [returns.roundId, returns.experts, roundId, results]);

  if (results === null || rubric === null || config === null) {
    if (loadError !== null) return <Alert type="error" showIcon title={t('resultsUi.loadFailed')} description={describeError(translate, loadError)} />;
    return <Spin style={{ display: 'block', margin: 32 }} />;
  }
  const merged = results.applications.some((application) => application.experts.length > 0);
  return (
    <Flex vertical gap={16} data-testid="results-dashboard">
      <ResultsToolbar results={results} onSettings={() => setSettingsOpen(true)} onExport={() => setExportOpen(true)} />
      {loadError !== null && <Alert type="error" showIcon title={t('resultsUi.loadFailed')} description={describeError(translate, loadError)} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('resultsUi.returnsTitle')} data-testid="results-returns">
            <ReturnsTable experts={names.returns} loading={returns.loading} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <AgreementCard agreement={results.agreement} />
        </Col>
      </Row>
      {!merged ? (
        <Empty description={t('resultsUi.nothingMerged')} data-testid="results-empty" />
      ) : (
        <Spin spinning={loading} delay={300}>
          <Flex vertical gap={16}>
            <TieGroups roundId={roundId} results={results} />
            <Card size="small" title={t('resultsUi.rankingTitle')}>
              <RankingTable results={results} rubric={rubric} />
            </Card>
            <Card size="small" title={t('resultsUi.matrixTitle')} extra={<span className="pr-results-hint">{t('resultsUi.matrixHint')}</span>}>
              <ScoreMatrix results={results} rubric={rubric} names={names} />
            </Card>
            <Suspense fallback={<Spin style={{ display: 'block', margin: 24 }} />}>
              <ResultsCharts results={results} rubric={rubric} names={names} />
            </Suspense>
          </Flex>
        </Spin>
      )}
      <ApplicationDetailDrawer roundId={roundId} results={results} rubric={rubric} />
      <MethodSettingsDialog roundId={roundId} config={config} rubric={rubric} open={settingsOpen} onClose={() => setSettingsOpen(false)} />
      <ReportExportDialog roundId={roundId} roundName={roundName} openFlags={results.openFlags} open={exportOpen} onClose={() => setExportOpen(false)} />
    </Flex>
  );
}
