import { describe, expect, it } from 'vitest';
import type { GridCollection, GridDetail } from '../../../../../client/api/grids.ts';
import { breadcrumb, isWithin, parentIndex, rowsInScope, withoutParentName } from '../../../../../client/panels/grids/scope.ts';

/** A township with two communities, each with grids; the codes end in zeros the way division codes do. */
const T = '370000001000';
const C1 = '370000001001';
const C2 = '370000001002';
const G11 = '370000001001001';
const G12 = '370000001001002';
const G21 = '370000001002001';

const level = (key: string, cells: [string, string | null][]): GridCollection => ({
  type: 'FeatureCollection',
  features: cells.map(([code, parentCode]) => ({
    type: 'Feature',
    geometry: { type: 'MultiPolygon', coordinates: [] },
    properties: { code, name: code, level: key, parentCode, version: 1, areaKm2: 1, labelLon: 0, labelLat: 0 },
  })),
});

const parents = parentIndex({
  township: level('township', [[T, null]]),
  community: level('community', [
    [C1, T],
    [C2, T],
  ]),
  grid: level('grid', [
    [G11, C1],
    [G12, C1],
    [G21, C2],
  ]),
});

describe('isWithin', () => {
  it('holds for the cell itself and everything under it, at any depth', () => {
    expect(isWithin(G11, G11, parents)).toBe(true);
    expect(isWithin(G11, C1, parents)).toBe(true);
    expect(isWithin(G11, T, parents)).toBe(true);
  });

  it('does not hold for a neighbour, a parent, a cell the map does not hold, or none', () => {
    expect(isWithin(G21, C1, parents)).toBe(false);
    expect(isWithin(C1, G11, parents)).toBe(false);
    expect(isWithin('370000009009009', C1, parents)).toBe(false);
    expect(isWithin(null, C1, parents)).toBe(false);
  });

  it('ends on a cycle in bad data instead of looping', () => {
    const looped = new Map<string, string | null>([
      ['a', 'b'],
      ['b', 'a'],
    ]);
    expect(isWithin('a', 'z', looped)).toBe(false);
  });
});

describe('rowsInScope', () => {
  const rows = [
    { id: 1, gridCode: G11, responsibleCode: G11 },
    { id: 2, gridCode: G21, responsibleCode: C2 },
    // Not located yet: it belongs where it is handled.
    { id: 3, gridCode: null, responsibleCode: C1 },
  ];

  it('keeps the cases placed in the scope, an unlocated one by its responsible cell', () => {
    expect(rowsInScope(rows, C1, parents).map((r) => r.id)).toEqual([1, 3]);
    expect(rowsInScope(rows, C2, parents).map((r) => r.id)).toEqual([2]);
    expect(rowsInScope(rows, G12, parents)).toEqual([]);
  });

  it('keeps every case at the whole area', () => {
    expect(rowsInScope(rows, null, parents)).toBe(rows);
  });
});

describe('breadcrumb', () => {
  const detail = (code: string, ancestors: [string, string][]): GridDetail =>
    ({ code, name: `name-${code}`, ancestors: ancestors.map(([c, l]) => ({ code: c, name: `name-${c}`, level: l })) }) as GridDetail;

  it('leads from the whole area through the ancestors inside it to the cell', () => {
    const crumbs = breadcrumb(
      '青禾街道',
      T,
      detail(G11, [
        [T, 'township'],
        [C1, 'community'],
      ]),
      () => true,
    );
    expect(crumbs).toEqual([
      { code: null, name: '青禾街道' },
      { code: C1, name: `name-${C1}` },
      { code: G11, name: `name-${G11}` },
    ]);
  });

  it('is the whole area alone with nothing selected or the area itself selected, and skips ancestors not shown', () => {
    expect(breadcrumb('青禾街道', T, null, () => true)).toEqual([{ code: null, name: '青禾街道' }]);
    expect(breadcrumb('青禾街道', T, detail(T, []), () => true)).toEqual([{ code: null, name: '青禾街道' }]);
    const crumbs = breadcrumb('青禾街道', T, detail(G11, [[C1, 'community']]), (code) => code !== C1);
    expect(crumbs.map((c) => c.code)).toEqual([null, G11]);
  });
});

describe('withoutParentName', () => {
  it('drops the parent’s name from the front of each name, never leaving one empty', () => {
    const rows = [{ name: '松柏社区第四网格' }, { name: '松柏社区' }, { name: '南湖网格' }];
    expect(withoutParentName(rows, '松柏社区').map((r) => r.name)).toEqual(['第四网格', '松柏社区', '南湖网格']);
    expect(withoutParentName(rows, null)).toBe(rows);
  });
});
