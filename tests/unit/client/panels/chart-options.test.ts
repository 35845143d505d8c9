import { describe, expect, it } from 'vitest';
import { complianceOption, responseTrendOption, workloadOption } from '../../../../client/panels/chart-options.ts';

describe('workload ranking on a county wall', () => {
  it('keeps only the heaviest cells when asked for a limit', () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({
      code: `${i}`,
      name: `${i}`,
      households: i,
      residents: i,
      workers: 1,
      householdsPerWorker: i,
    }));
    const option = workloadOption(rows, 'x', 100, 15);
    expect(option.yAxis.data).toHaveLength(15);
    expect(option.yAxis.data[0]).toBe('39');
  });
});

describe('chart options', () => {
  it('charts reported and closed per day with the arrival median in hours on its own axis', () => {
    const option = responseTrendOption(
      [
        { day: '2026-11-20', reported: 40, closed: 38, arriveP50: 93 },
        { day: '2026-11-21', reported: 35, closed: 20, arriveP50: null },
      ],
      { reported: '上报', closed: '办结', arrive: '到场中位' },
    );
    expect(option.xAxis.data).toEqual(['11-20', '11-21']);
    expect(option.series.map((s) => s.data)).toEqual([
      [40, 35],
      [38, 20],
      [1.6, null],
    ]);
    expect(option.series[2]!.yAxisIndex).toBe(1);
  });

  it('sorts the workload heaviest first and marks overloaded cells', () => {
    const option = workloadOption(
      [
        { code: 'a', name: '甲', households: 100, residents: 250, workers: 2, householdsPerWorker: 50 },
        { code: 'b', name: '乙', households: 600, residents: 1500, workers: 4, householdsPerWorker: 150 },
        { code: 'c', name: '丙', households: 10, residents: 20, workers: 0, householdsPerWorker: null },
      ],
      '户/网格员',
      100,
    );
    expect(option.yAxis.data).toEqual(['乙', '甲']);
    expect(option.series[0]!.data.map((d) => d.itemStyle.color)).toEqual(['#ff9f43', '#52d5ff']);
  });
});

describe('tooltips built as HTML', () => {
  it('show a hostile cell name as text, never as markup', () => {
    const name = '<img src=x onerror="alert(1)">第一网格 & "甲"';
    const option = complianceOption([{ name, rate: 0.5, overdue: 1, members: 2 }], '达标', 0.9);
    const html = option.tooltip.formatter([{ dataIndex: 0 }]);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;第一网格 &amp; &quot;甲&quot;<br/>50%');
  });
});
