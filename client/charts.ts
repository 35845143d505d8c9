import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

/** Registers only the ECharts parts the panels use, to keep the bundle small. */
export function registerCharts(): void {
  use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);
}

/** Shared dark theme bits for the wall's charts. */
export const CHART_TEXT = { color: '#9fb3d1', fontSize: 12 };
export const CHART_AXIS_LINE = { lineStyle: { color: '#2a3d5c' } };
export const CHART_SPLIT_LINE = { lineStyle: { color: '#1a2a44' } };
