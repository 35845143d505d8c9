import type { BreakdownRow } from '../api/grids.ts';
import { CHART_AXIS_LINE, CHART_SPLIT_LINE, CHART_TEXT } from '../charts.ts';

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

/** Bars of cases reported and closed per day, with the day's median minutes to arrive as a line on its own axis. */
export function responseTrendOption(
  daily: readonly { day: string; reported: number; closed: number; arriveP50: number | null }[],
  names: { reported: string; closed: string; arrive: string },
) {
  return {
    grid: { left: 8, right: 8, top: 28, bottom: 4, containLabel: true },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, textStyle: CHART_TEXT, itemWidth: 12, itemHeight: 8 },
    xAxis: { type: 'category', data: daily.map((d) => d.day.slice(5)), axisLabel: CHART_TEXT, axisLine: CHART_AXIS_LINE },
    yAxis: [
      { type: 'value', axisLabel: CHART_TEXT, splitLine: CHART_SPLIT_LINE },
      { type: 'value', axisLabel: CHART_TEXT, splitLine: { show: false } },
    ],
    series: [
      { name: names.reported, type: 'bar', data: daily.map((d) => d.reported), itemStyle: { color: '#52d5ff' }, barGap: '10%' },
      { name: names.closed, type: 'bar', data: daily.map((d) => d.closed), itemStyle: { color: '#3ee6b0' } },
      {
        name: names.arrive,
        type: 'line',
        yAxisIndex: 1,
        data: daily.map((d) => d.arriveP50),
        smooth: true,
        showSymbol: false,
        lineStyle: { color: '#ff9f43', width: 2 },
        itemStyle: { color: '#ff9f43' },
      },
    ],
  };
}
