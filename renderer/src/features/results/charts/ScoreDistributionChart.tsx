import { Empty } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Results } from '../../../../../shared/domain/results';
import { rubricTotal, type Rubric } from '../../../../../shared/domain/rubric';
import { applicationLabel } from '../../scoring/applicationLabel';
import type { ExpertNames } from '../expertNames';
import { formatFigure } from '../format';
import { EChart } from './EChart';
import type { ChartOption } from './echarts';

interface Props {
  results: Results;
  rubric: Rubric;
  names: ExpertNames;
}

const ROW_HEIGHT = 34;
const BOX_FILL = '#e6f4ff';
const BOX_BORDER = '#1677ff';

/**
 * The spread of expert totals per application, in ranking order: a box (min, quartiles,
 * median, max — ECharts' boxplot transform, whiskers at the extremes because a panel is a
 * handful of people, not a sample) with each expert's total as a dot over it.
 */
export function ScoreDistributionChart({ results, rubric, names }: Props) {
  const { t } = useTranslation();
  const scored = useMemo(() => results.applications.filter((application) => application.experts.some((expert) => expert.total !== null)), [results]);
  const option = useMemo((): ChartOption => {
    const labels = scored.map(applicationLabel);
    const totals = scored.map((application) => application.experts.flatMap((expert) => (expert.total === null ? [] : [expert.total])));
    const dots: { value: [number, string]; name: string }[] = scored.flatMap((application, index) =>
      application.experts.flatMap((expert) => (expert.total === null ? [] : [{ value: [expert.total, labels[index] ?? ''] as [number, string], name: names.name(expert.fingerprint) }])),
    );
    return {
      grid: { left: 8, right: 24, top: 36, bottom: 32, containLabel: true },
      legend: {
        top: 0,
        // The box's own look in the legend (ECharts would draw it solid in the border colour).
        data: [{ name: t('resultsUi.chartBox'), itemStyle: { color: BOX_FILL, borderColor: BOX_BORDER, borderWidth: 1 } }, { name: t('resultsUi.chartExpertTotal') }],
      },
      tooltip: { trigger: 'item' },
      dataset: [
        { source: totals },
        { fromDatasetIndex: 0, transform: { type: 'boxplot', config: { boundIQR: 'none', itemNameFormatter: ({ value }: { value: number }) => labels[value] ?? '' } } },
      ],
      yAxis: { type: 'category', data: labels, inverse: true, axisTick: { alignWithLabel: true } },
      xAxis: { type: 'value', min: 0, max: rubricTotal(rubric), name: t('resultsUi.chartTotalAxis'), nameLocation: 'middle', nameGap: 24 },
      series: [
        {
          name: t('resultsUi.chartBox'),
          type: 'boxplot',
          datasetIndex: 1,
          itemStyle: { color: BOX_FILL, borderColor: BOX_BORDER },
          tooltip: {
            formatter: (params) => {
              // The transform's row: [name, low, Q1, median, Q3, high].
              const row = Array.isArray(params) ? [] : Array.isArray(params.value) ? params.value : [];
              const at = (index: number) => formatFigure(typeof row[index] === 'number' ? row[index] : null);
              return `${String(row[0] ?? '')}<br/>${t('resultsUi.chartBoxTooltip', { low: at(1), q1: at(2), median: at(3), q3: at(4), high: at(5) })}`;
            },
          },
        },
        {
          name: t('resultsUi.chartExpertTotal'),
          type: 'scatter',
          data: dots,
          symbolSize: 9,
          itemStyle: { color: '#fa8c16', opacity: 0.85 },
          tooltip: {
            formatter: (params) => {
              const dot = Array.isArray(params) ? undefined : dots[params.dataIndex];
              return dot === undefined ? '' : `${dot.value[1]}<br/>${dot.name}: ${formatFigure(dot.value[0])}`;
            },
          },
        },
      ],
    };
  }, [scored, names, rubric, t]);
  if (scored.length === 0) return <Empty description={t('resultsUi.chartNoTotals')} />;
  return <EChart option={option} height={80 + ROW_HEIGHT * scored.length} label={t('resultsUi.distributionTitle')} testId="chart-distribution" />;
}
