import type { BreakdownRow, GridLevel } from '../api/grids.ts';
import { CHART_AXIS_LINE, CHART_SPLIT_LINE, CHART_TEXT } from '../charts.ts';
import { levelName } from '../format.ts';

/** Bar chart option: number of cells at each configured level. */
export function levelCountOption(levels: readonly GridLevel[], locale: string) {
  const shown = levels.filter((l) => l.cellCount > 0);
  return {
    grid: { left: 8, right: 16, top: 10, bottom: 4, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', axisLabel: CHART_TEXT, splitLine: CHART_SPLIT_LINE },
    yAxis: {
      type: 'category',
      inverse: true,
      data: shown.map((l) => levelName(l, locale)),
      axisLabel: CHART_TEXT,
      axisLine: CHART_AXIS_LINE,
    },
    series: [
      {
        type: 'bar',
        data: shown.map((l) => l.cellCount),
        barWidth: 12,
        itemStyle: { color: '#3ee6b0', borderRadius: [0, 4, 4, 0] },
        label: { show: true, position: 'right', color: '#d8e6ff' },
      },
    ],
  };
}

/** Bar chart option: households per grid worker, the `limit` heaviest cells first; overloaded bars turn orange. */
export function workloadOption(rows: readonly BreakdownRow[], seriesName: string, overloadAt: number, limit = Infinity) {
  const sorted = [...rows]
    .filter((r) => r.householdsPerWorker !== null)
    .sort((a, b) => b.householdsPerWorker! - a.householdsPerWorker!)
    .slice(0, limit);
  return {
    grid: { left: 8, right: 24, top: 10, bottom: 4, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', axisLabel: CHART_TEXT, splitLine: CHART_SPLIT_LINE },
    yAxis: {
      type: 'category',
      inverse: true,
      data: sorted.map((r) => r.name),
      axisLabel: { ...CHART_TEXT, width: 90, overflow: 'truncate' },
      axisLine: CHART_AXIS_LINE,
    },
    series: [
      {
        name: seriesName,
        type: 'bar',
        barWidth: 10,
        data: sorted.map((r) => ({
          value: r.householdsPerWorker,
          itemStyle: { color: r.householdsPerWorker! > overloadAt ? '#ff9f43' : '#52d5ff' },
        })),
        label: { show: true, position: 'right', color: '#d8e6ff' },
      },
    ],
  };
}
