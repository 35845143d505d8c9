import { escapeHtml } from '../html.ts';
import type { BreakdownRow } from '../api/grids.ts';
import { CHART_AXIS_LINE, CHART_SPLIT_LINE, CHART_TEXT } from '../charts.ts';

/** The y axis of a horizontal bar chart: one row per name, first at the top, long names cut. */
function nameAxis(names: string[], width = 90) {
  return {
    type: 'category',
    inverse: true,
    data: names,
    axisLabel: { ...CHART_TEXT, width, overflow: 'truncate' },
    axisLine: CHART_AXIS_LINE,
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
    yAxis: nameAxis(sorted.map((r) => r.name)),
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

/** Bars of cases reported and closed per day, with the day's median time to arrive (hours, read off its own axis) as a line. */
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
        data: daily.map((d) => (d.arriveP50 === null ? null : Math.round(d.arriveP50 / 6) / 10)),
        smooth: true,
        showSymbol: false,
        lineStyle: { color: '#ff9f43', width: 2 },
        itemStyle: { color: '#ff9f43' },
      },
    ],
  };
}

/** Colours for key-group categories, by their place in the catalogue (visit kinds cool, watch kinds warm). */
const CATEGORY_COLOURS = {
  visit: ['#52d5ff', '#3ee6b0', '#7aa7ff', '#b18cff', '#5ad1a0'],
  watch: ['#ff9f43', '#ffd166', '#ef476f', '#f78c6b', '#e07a5f'],
};

/** The colour of a category, stable across charts. */
export function categoryColour(categories: readonly { code: string; kind: 'visit' | 'watch' }[], code: string): string {
  const c = categories.find((x) => x.code === code);
  if (!c) return '#9fb3d1';
  const same = categories.filter((x) => x.kind === c.kind);
  const ramp = CATEGORY_COLOURS[c.kind];
  return ramp[same.indexOf(c) % ramp.length]!;
}

/** Key-group members per category now (bars), with those overdue for a visit stacked in red. */
export function keyGroupsOption(
  rows: readonly { category: string; name: string; members: number; overdue: number }[],
  names: { current: string; overdue: string },
) {
  return {
    grid: { left: 8, right: 30, top: 26, bottom: 4, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, textStyle: CHART_TEXT, itemWidth: 12, itemHeight: 8 },
    xAxis: { type: 'value', axisLabel: CHART_TEXT, splitLine: CHART_SPLIT_LINE },
    yAxis: nameAxis(
      rows.map((r) => r.name),
      96,
    ),
    series: [
      {
        name: names.current,
        type: 'bar',
        stack: 'm',
        barWidth: 10,
        data: rows.map((r) => r.members - r.overdue),
        itemStyle: { color: '#52d5ff' },
      },
      {
        name: names.overdue,
        type: 'bar',
        stack: 'm',
        data: rows.map((r) => r.overdue),
        itemStyle: { color: '#e63946' },
        label: {
          show: true,
          position: 'right',
          color: '#d8e6ff',
          formatter: (p: { dataIndex: number }) => String(rows[p.dataIndex]!.members),
        },
      },
    ],
  };
}

/** Members per category month by month, one line each. */
export function keyGroupTrendOption(months: readonly string[], series: readonly { name: string; colour: string; data: number[] }[]) {
  return {
    grid: { left: 8, right: 12, top: 28, bottom: 4, containLabel: true },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll', textStyle: CHART_TEXT, itemWidth: 12, itemHeight: 8, pageTextStyle: CHART_TEXT },
    xAxis: { type: 'category', data: months.map((m) => m.slice(2)), axisLabel: CHART_TEXT, axisLine: CHART_AXIS_LINE },
    yAxis: { type: 'value', axisLabel: CHART_TEXT, splitLine: CHART_SPLIT_LINE },
    series: series.map((s) => ({
      name: s.name,
      type: 'line',
      data: s.data,
      showSymbol: false,
      lineStyle: { color: s.colour, width: 2 },
      itemStyle: { color: s.colour },
    })),
  };
}

/** Visit compliance per cell (share of members visited in time), worst first; under `target` a bar turns red. */
export function complianceOption(
  rows: readonly { name: string; rate: number; overdue: number; members: number }[],
  seriesName: string,
  target: number,
) {
  return {
    grid: { left: 8, right: 40, top: 10, bottom: 4, containLabel: true },
    tooltip: {
      trigger: 'axis',
      formatter: (items: { dataIndex: number }[]) => {
        const r = rows[items[0]!.dataIndex]!;
        return `${escapeHtml(r.name)}<br/>${Math.round(r.rate * 100)}% · ${r.overdue}/${r.members}`;
      },
    },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { ...CHART_TEXT, formatter: '{value}%' }, splitLine: CHART_SPLIT_LINE },
    yAxis: nameAxis(rows.map((r) => r.name)),
    series: [
      {
        name: seriesName,
        type: 'bar',
        barWidth: 10,
        data: rows.map((r) => ({ value: Math.round(r.rate * 1000) / 10, itemStyle: { color: r.rate < target ? '#e63946' : '#3ee6b0' } })),
        label: { show: true, position: 'right', color: '#d8e6ff', formatter: '{c}%' },
      },
    ],
  };
}
