import { useEffect, useRef } from 'react';
import { CHART_FONT, echarts, type ChartOption } from './echarts';

interface EChartProps {
  option: ChartOption;
  height: number;
  /** What the chart shows, for screen readers (the figures are in the tables beside it). */
  label: string;
  testId: string;
}

/**
 * One ECharts instance bound to a div: made once, given each new option whole (so a
 * series that went away goes away), resized with its container, disposed on unmount.
 */
export function EChart({ option, height, label, testId }: EChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const element = container.current;
    if (element === null) return;
    const instance = echarts.init(element, undefined, { renderer: 'svg' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ textStyle: { fontFamily: CHART_FONT }, animation: false, ...option }, { notMerge: true });
  }, [option]);

  return <div ref={container} style={{ width: '100%', height }} role="img" aria-label={label} data-testid={testId} />;
}
