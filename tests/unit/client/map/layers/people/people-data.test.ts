import { describe, expect, it } from 'vitest';
import type { GridCollection } from '../../../../../../client/api/grids.ts';
import type { KeyGroupCategory, MemberHexagon, MemberPoint, RegisterCell } from '../../../../../../client/api/people.ts';
import {
  choroplethFeatures,
  classColour,
  complianceRows,
  countBreaks,
  countLegend,
  MEMBERS_RAMP,
  memberHexData,
  memberPointData,
  OVERDUE_RAMP,
  POINTS_MAX_SPAN,
  pointsBox,
  trendSeries,
} from '../../../../../../client/map/layers/people/people-data.ts';

const cell = (code: string, members: number, overdue = 0): RegisterCell => ({
  code,
  name: `格${code}`,
  households: members * 3,
  rental: 0,
  residents: members * 8,
  floating: 0,
  members,
  overdue,
});

const square = (code: string): GridCollection['features'][number] => ({
  type: 'Feature',
  geometry: {
    type: 'MultiPolygon',
    coordinates: [
      [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 0],
        ],
      ],
    ],
  },
  properties: { code, name: code, level: 'grid', parentCode: 'p', version: 1, areaKm2: 1, labelLon: 0, labelLat: 0 },
});

describe('count classes', () => {
  it('gives each distinct count its own class when there are five or fewer', () => {
    expect(countBreaks([86])).toEqual([86]);
    expect(countBreaks([3, 1, 3, 7])).toEqual([1, 3, 7]);
    expect(countBreaks([0, -2, Number.NaN])).toEqual([]);
  });

  it('splits many counts at quintiles, strictly increasing, the last being the largest count', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(countBreaks(values)).toEqual([20, 40, 60, 80, 100]);
    const skewed = [...Array.from({ length: 90 }, () => 1), 2, 3, 4, 5, 6, 7, 8, 9, 10, 500];
    const breaks = countBreaks(skewed);
    expect(breaks[0]).toBe(1);
    expect(breaks[breaks.length - 1]).toBe(500);
    for (let i = 1; i < breaks.length; i++) expect(breaks[i]!).toBeGreaterThan(breaks[i - 1]!);
  });

  it('rounds fractional figures up to whole counts', () => {
    expect(countBreaks([0.4, 2.2])).toEqual([1, 3]);
  });

  it('spreads fewer classes over the whole ramp and puts a single class in its middle', () => {
    expect(classColour(86, [86], MEMBERS_RAMP)).toEqual(MEMBERS_RAMP[2]);
    expect(classColour(1, [1, 3], MEMBERS_RAMP)).toEqual(MEMBERS_RAMP[0]);
    expect(classColour(3, [1, 3], MEMBERS_RAMP)).toEqual(MEMBERS_RAMP[4]);
    expect(classColour(2, [1, 3, 7], OVERDUE_RAMP)).toEqual(OVERDUE_RAMP[2]);
    // A count above the top bound (data newer than the breaks) takes the top class, not no colour.
    expect(classColour(9, [1, 3, 7], OVERDUE_RAMP)).toEqual(OVERDUE_RAMP[4]);
  });

  it('writes one legend row per class, contiguous from 1 to the largest count', () => {
    expect(countLegend([], MEMBERS_RAMP)).toEqual([]);
    expect(countLegend([86], MEMBERS_RAMP)).toEqual([{ colour: `rgb(${MEMBERS_RAMP[2]!.join(',')})`, from: 1, to: 86 }]);
    const rows = countLegend([20, 40, 60, 80, 100], MEMBERS_RAMP);
    expect(rows.map((r) => [r.from, r.to])).toEqual([
      [1, 20],
      [21, 40],
      [41, 60],
      [61, 80],
      [81, 100],
    ]);
    expect(rows.map((r) => r.colour)).toEqual(MEMBERS_RAMP.map((c) => `rgb(${c.join(',')})`));
  });
});

describe('choropleth and hexagons', () => {
  it('joins cells to their figures, leaves empty ones clear and drops shapes without figures', () => {
    const collection: GridCollection = { type: 'FeatureCollection', features: [square('a'), square('b'), square('c')] };
    const features = choroplethFeatures(collection, [cell('a', 0, 0), cell('b', 5, 2)], [2, 5]);
    expect(features.map((f) => f.properties.code)).toEqual(['a', 'b']);
    expect(features[0]!.properties.fill[3]).toBe(0);
    expect(features[1]!.properties.value).toBe(5);
    expect(features[1]!.properties.fill).toEqual([...MEMBERS_RAMP[4]!, 170]);
    const overdue = choroplethFeatures(collection, [cell('b', 5, 2)], [2, 5], true);
    expect(overdue[0]!.properties.value).toBe(2);
    expect(overdue[0]!.properties.fill).toEqual([...OVERDUE_RAMP[0]!, 170]);
    expect(choroplethFeatures(undefined, [cell('a', 1)], [1])).toEqual([]);
  });

  it('colours hexagons by the measure asked for and drops the empty ones', () => {
    const hex = (count: number, overdue: number): MemberHexagon => ({ q: 0, r: 0, count, overdue, centre: [0, 0], ring: [[0, 0]] });
    const data = memberHexData([hex(4, 0), hex(9, 3)], 'overdue', [3]);
    expect(data).toHaveLength(1);
    expect(data[0]!.value).toBe(3);
    expect(data[0]!.fill).toEqual([...OVERDUE_RAMP[2]!, 190]);
    expect(memberHexData([hex(4, 0), hex(9, 3)], 'members', [4, 9]).map((d) => d.value)).toEqual([4, 9]);
  });
});

describe('member points', () => {
  const categories = [
    { code: 'elderly_alone', kind: 'visit' },
    { code: 'community_correction', kind: 'watch' },
  ] as KeyGroupCategory[];
  const point = (over: Partial<MemberPoint>): MemberPoint => ({
    householdId: 1,
    lon: 116.9,
    lat: 34.7,
    gridCode: 'g',
    categories: ['elderly_alone'],
    members: 1,
    overdue: false,
    ...over,
  });

  it('marks overdue visits red before a watch-list category amber, the rest blue', () => {
    const [overdue, watch, plain] = memberPointData(
      [point({ overdue: true, categories: ['community_correction'] }), point({ categories: ['community_correction'] }), point({})],
      categories,
    );
    expect(overdue!.fill).toEqual([230, 57, 70, 240]);
    expect(watch!.fill).toEqual([255, 183, 3, 240]);
    expect(plain!.fill).toEqual([82, 213, 255, 240]);
    expect(plain!.position).toEqual([116.9, 34.7]);
  });

  it('asks for the view when it is small enough and clips a wide view around its centre', () => {
    expect(pointsBox([116.9, 34.7, 116.91, 34.71])).toEqual([116.9, 34.7, 116.91, 34.71].map((v) => expect.closeTo(v, 9)));
    const [w, s, e, n] = pointsBox([116, 34, 118, 35]);
    expect(e - w).toBeLessThan(POINTS_MAX_SPAN);
    expect(n - s).toBeLessThan(POINTS_MAX_SPAN);
    expect((w + e) / 2).toBeCloseTo(117, 9);
    expect((s + n) / 2).toBeCloseTo(34.5, 9);
  });
});

describe('charts', () => {
  it('ranks cells worst compliance first and leaves out cells without members', () => {
    const rows = complianceRows([cell('a', 10, 1), cell('b', 0), cell('c', 4, 2), cell('d', 8, 4)]);
    expect(rows.map((r) => r.code)).toEqual(['d', 'c', 'a']);
    expect(rows[2]!.rate).toBeCloseTo(0.9, 9);
  });

  it('puts months in order with one series per present category in catalogue order, gaps as 0', () => {
    const trend = trendSeries(
      [
        { month: '2026-10', category: 'b', members: 3 },
        { month: '2026-09', category: 'a', members: 1 },
        { month: '2026-10', category: 'a', members: 2 },
      ],
      ['a', 'x', 'b'],
    );
    expect(trend.months).toEqual(['2026-09', '2026-10']);
    expect(trend.series).toEqual([
      { category: 'a', data: [1, 2] },
      { category: 'b', data: [0, 3] },
    ]);
  });
});
