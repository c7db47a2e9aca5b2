import { Empty } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Results } from '../../../../../shared/domain/results';
import type { ExpertNames } from '../expertNames';
import { formatFigure, formatSigned } from '../format';
import { EChart } from './EChart';
import type { ChartOption } from './echarts';

const ROW_HEIGHT = 34;

/**
 * Expert leniency: the mean total each expert gave minus the panel's mean on the same
 * applications. Bars right of zero: more lenient than the panel; left: stricter.
 */
export function LeniencyChart({ results, names }: { results: Results; names: ExpertNames }) {
  const { t } = useTranslation();
  // In enrolment order, as the matrix's columns.
  const experts = useMemo(() => {
    const position = (fingerprint: string) => names.order.indexOf(fingerprint);
    return results.experts.filter((expert) => expert.leniency !== null).sort((a, b) => position(a.fingerprint) - position(b.fingerprint));
  }, [results, names]);
  const option = useMemo((): ChartOption => {
    const labels = experts.map((expert) => names.name(expert.fingerprint));
    const largest = Math.max(1, ...experts.map((expert) => Math.abs(expert.leniency ?? 0)));
    return {
      grid: { left: 8, right: 48, top: 12, bottom: 32, containLabel: true },
      tooltip: {
        trigger: 'item',
        formatter: (params) => {
          const index = Array.isArray(params) ? -1 : params.dataIndex;
          const expert = experts[index];
          if (expert === undefined) return '';
          return `${labels[index] ?? ''}<br/>${t('resultsUi.leniencyTooltip', {
            given: formatFigure(expert.meanGiven),
            panel: formatFigure(expert.panelMean),
            leniency: formatSigned(expert.leniency),
            count: expert.n,
          })}`;
        },
      },
      yAxis: { type: 'category', data: labels, inverse: true, axisTick: { show: false } },
      // Symmetric, so zero sits in the middle and stricter and more lenient read alike.
      xAxis: { type: 'value', min: -Math.ceil(largest), max: Math.ceil(largest), name: t('resultsUi.leniencyAxis'), nameLocation: 'middle', nameGap: 24 },
      series: [
        {
          type: 'bar',
          barMaxWidth: 18,
          data: experts.map((expert) => ({
            value: expert.leniency ?? 0,
            itemStyle: { color: (expert.leniency ?? 0) >= 0 ? '#52c41a' : '#f5222d' },
            // Outside the bar's end, on whichever side of zero it lies.
            label: { position: (expert.leniency ?? 0) >= 0 ? ('right' as const) : ('left' as const) },
          })),
          label: { show: true, formatter: (params) => formatSigned(params.value as number) },
          markLine: { silent: true, symbol: 'none', data: [{ xAxis: 0 }], lineStyle: { color: '#8c8c8c' }, label: { show: false } },
        },
      ],
    };
  }, [experts, names, t]);
  if (experts.length === 0) return <Empty description={t('resultsUi.chartNoTotals')} />;
  return <EChart option={option} height={60 + ROW_HEIGHT * experts.length} label={t('resultsUi.leniencyTitle')} testId="chart-leniency" />;
}
