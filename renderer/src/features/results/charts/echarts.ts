import { BarChart, BoxplotChart, ScatterChart, type BarSeriesOption, type BoxplotSeriesOption, type ScatterSeriesOption } from 'echarts/charts';
import {
  DatasetComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  TransformComponent,
  type DatasetComponentOption,
  type GridComponentOption,
  type LegendComponentOption,
  type MarkLineComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

/**
 * Only the parts of ECharts the results charts use (a box plot with its dataset
 * transform, scatter, bars; SVG output, crisp at any zoom and small), so the rest of
 * the library stays out of the bundle.
 */
echarts.use([BarChart, BoxplotChart, ScatterChart, DatasetComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, TransformComponent, SVGRenderer]);

export type ChartOption = echarts.ComposeOption<
  | BarSeriesOption
  | BoxplotSeriesOption
  | ScatterSeriesOption
  | DatasetComponentOption
  | GridComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | TooltipComponentOption
>;

export { echarts };

/** The app's Chinese-first font stack (App.tsx): chart text must match the tables beside it. */
export const CHART_FONT = '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif';
