import { describe, expect, it } from 'vitest';
import type { ResponseCell } from '../../../../../../client/api/stats.ts';
import {
  heatBreaks,
  heatDomainTop,
  hexagonData,
  hexSizeFor,
  legendBreaks,
  legendRows,
  rampColour,
  RESPONSE_RAMP,
} from '../../../../../../client/map/layers/stats/stats-data.ts';

const cell = (q: number, p50: number, count = 3): ResponseCell => ({
  q,
  r: 0,
  count,
  p50,
  p90: p50 * 2,
  centre: [116.9, 34.7],
  ring: [],
});

describe('response legend', () => {
  it('splits at quintiles, rounded to readable minutes and strictly increasing', () => {
    const values = Array.from({ length: 100 }, (_, i) => i * 7 + 3);
    const breaks = legendBreaks(values);
    expect(breaks).toHaveLength(4);
    for (let i = 1; i < breaks.length; i++) expect(breaks[i]!).toBeGreaterThan(breaks[i - 1]!);
    expect(breaks[0]).toBe(180);
    expect(legendBreaks([12, 12, 12, 12])).toEqual([15, 20, 30, 45]);
    expect(legendBreaks([])).toEqual([]);
  });

  it('colours quick green and slow red, at the bounds inclusive', () => {
    const breaks = [15, 30, 60, 120];
    expect(rampColour(3, breaks)).toEqual(RESPONSE_RAMP[0]);
    expect(rampColour(15, breaks)).toEqual(RESPONSE_RAMP[0]);
    expect(rampColour(16, breaks)).toEqual(RESPONSE_RAMP[1]);
    expect(rampColour(500, breaks)).toEqual(RESPONSE_RAMP[4]);
    const rows = legendRows(breaks);
    expect(rows[0]).toMatchObject({ from: null, to: 15 });
    expect(rows[4]).toMatchObject({ from: 120, to: null });
  });

  it('colours hexagons by the chosen figure and fades single cases', () => {
    const breaks = [15, 30, 60, 120];
    const [a, b] = hexagonData([cell(1, 10), cell(2, 40, 1)], 'p90', breaks);
    expect(a!.minutes).toBe(20);
    expect(a!.fill.slice(0, 3)).toEqual(RESPONSE_RAMP[1]);
    expect(b!.fill.slice(0, 3)).toEqual(RESPONSE_RAMP[3]);
    expect(b!.fill[3]).toBeLessThan(a!.fill[3]);
  });

  it('steps the heat surface evenly up to the 90th percentile in round steps', () => {
    const breaks = heatBreaks(Array.from({ length: 10 }, (_, i) => (i + 1) * 10));
    expect(breaks).toEqual([20, 40, 60, 80]);
    expect(heatDomainTop(breaks)).toBe(100);
    // A 90th percentile of 1,038.7 minutes steps by 4 hours, not by 207.7 minutes.
    expect(heatBreaks([1038.7])).toEqual([240, 480, 720, 960]);
  });
});

describe('hexagon size', () => {
  it('aims at a few hundred hexagons over the area, within 100 m and 3 km', () => {
    expect(hexSizeFor(3.2)).toBe(100);
    const county = hexSizeFor(1500);
    const cells = (1500e6 / (2.598 * county * county)) | 0;
    expect(cells).toBeGreaterThan(350);
    expect(cells).toBeLessThan(450);
    expect(hexSizeFor(1e6)).toBe(3000);
    expect(hexSizeFor(null)).toBe(300);
  });
});
