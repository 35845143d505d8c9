import { describe, expect, it } from 'vitest';
import { scaleChartOption } from '../../../../client/panels/chart-scale.ts';
import { wallColumns } from '../../../../client/display.ts';

describe('chart option at a display scale', () => {
  it('multiplies pixel sizes and leaves data and percentages alone', () => {
    const option = {
      grid: { left: 8, right: '10%', top: 28 },
      legend: { itemWidth: 12, itemHeight: 8, textStyle: { fontSize: 11, color: '#fff' } },
      series: [{ type: 'bar', barWidth: 10, data: [40, 35], label: { fontSize: 12 } }],
      yAxis: { axisLabel: { width: 90 }, data: ['a', 'b'] },
    };
    const out = scaleChartOption(option, 2);
    expect(out.grid).toEqual({ left: 16, right: '10%', top: 56 });
    expect(out.legend).toEqual({ itemWidth: 24, itemHeight: 16, textStyle: { fontSize: 22, color: '#fff' } });
    expect(out.series[0]).toEqual({ type: 'bar', barWidth: 20, data: [40, 35], label: { fontSize: 24 } });
    expect(out.yAxis).toEqual({ axisLabel: { width: 180 }, data: ['a', 'b'] });
    // The input is not changed: the same option is scaled again when the display changes.
    expect(option.grid.left).toBe(8);
  });

  it('sizes text the option leaves unsized, keeping a size it sets', () => {
    expect(scaleChartOption({}, 1.5)).toEqual({ textStyle: { fontSize: 18 } });
    expect(scaleChartOption({ textStyle: { fontSize: 10 } }, 2)).toEqual({ textStyle: { fontSize: 20 } });
  });

  it('scales padding arrays element by element', () => {
    expect(scaleChartOption({ tooltip: { padding: [4, 8] } }, 2).tooltip).toEqual({ padding: [8, 16] });
  });
});

describe('wall columns', () => {
  it('gives wider displays more columns, not wider ones', () => {
    expect(wallColumns(1280, 720)).toBe(3);
    expect(wallColumns(1920, 1080)).toBe(3);
    expect(wallColumns(3840, 2160)).toBe(3);
    expect(wallColumns(2560, 1080)).toBe(3);
    expect(wallColumns(3840, 1080)).toBe(4);
    expect(wallColumns(7680, 2160)).toBe(4);
    expect(wallColumns(5760, 1080)).toBe(5);
    expect(wallColumns(100, 0)).toBe(5);
  });
});
