import { Card, Col, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Results } from '../../../../../shared/domain/results';
import type { Rubric } from '../../../../../shared/domain/rubric';
import type { ExpertNames } from '../expertNames';
import { LeniencyChart } from './LeniencyChart';
import { ScoreDistributionChart } from './ScoreDistributionChart';

interface Props {
  results: Results;
  rubric: Rubric;
  names: ExpertNames;
}

/** The two charts of the dashboard; ResultsDashboard loads this module (and ECharts with it) lazily. */
export default function ResultsCharts({ results, rubric, names }: Props) {
  const { t } = useTranslation();
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={14}>
        <Card size="small" title={t('resultsUi.distributionTitle')}>
          <ScoreDistributionChart results={results} rubric={rubric} names={names} />
        </Card>
      </Col>
      <Col xs={24} xl={10}>
        <Card size="small" title={t('resultsUi.leniencyTitle')}>
          <LeniencyChart results={results} names={names} />
        </Card>
      </Col>
    </Row>
  );
}
