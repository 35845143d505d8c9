import { describe, expect, it } from 'vitest';
import type { GridCollection } from '../../../../../../client/api/grids.ts';
import {
  createVisibleGridLabels,
  FEW_NAMES,
  visibleGridLabels,
  type LabelScene,
} from '../../../../../../client/map/layers/grid-labels/visible-grid-labels.ts';
import type { IncidentCluster } from '../../../../../../client/map/layers/incidents/incidents-data.ts';
import { worldPixel } from '../../../../../../client/map/world-pixel.ts';

/** A longitude `dx` pixels east of 117°E at zoom 14 (on the 34°N parallel). */
const lonAt = (dx: number): number => ((worldPixel([117, 34], 14)[0] + dx) / (512 * 2 ** 14)) * 360 - 180;

/** `n` cells in a row 300 px apart at zoom 14, the first named 第零网格 at 117°E. */
function cells(n: number): GridCollection {
  return {
    type: 'FeatureCollection',
    features: Array.from({ length: n }, (_, i) => ({
      type: 'Feature',
      geometry: { type: 'MultiPolygon', coordinates: [] },
      properties: { code: `g${i}`, name: `第${i}网格`, labelLon: lonAt(i * 300), labelLat: 34, areaKm2: n - i },
    })),
  } as unknown as GridCollection;
}

/** A ring of 20 cases sitting on the first cell's name. */
const ring = (dx = 0): IncidentCluster =>
  ({
    key: 'c',
    position: [lonAt(dx), 34],
    count: 20,
    ids: [],
    fill: [0, 0, 0, 0],
    mix: {},
    ring: false,
    arcs: [],
    icon: '',
  }) as unknown as IncidentCluster;

const scene = (over: Partial<LabelScene>): LabelScene => ({
  cells: cells(FEW_NAMES + 1),
  selectedCode: null,
  zoom: 14,
  sizePx: 13,
  scale: 1,
  clusters: [],
  ...over,
});

describe('visible grid labels', () => {
  it('writes a level of many cells around the rings and a level of few over them', () => {
    const many = visibleGridLabels(scene({ clusters: [ring()] })).map((l) => l.code);
    expect(many).not.toContain('g0');
    expect(many).toContain('g1');
    const few = visibleGridLabels(scene({ cells: cells(FEW_NAMES), clusters: [ring()] })).map((l) => l.code);
    expect(few).toContain('g0');
  });

  it('writes the selected name first, whatever its size', () => {
    const crowded = cells(FEW_NAMES + 1);
    crowded.features.forEach((f) => (f.properties.labelLon = lonAt(0)));
    expect(visibleGridLabels(scene({ cells: crowded, selectedCode: 'g7' })).map((l) => l.code)).toEqual(['g7']);
  });

  it('places again only when the cells, the selection, the zoom, the size or a ring changed', () => {
    const labels = createVisibleGridLabels();
    const base = scene({ clusters: [ring(150)] });
    const first = labels(base);
    // A new batch of cases that moves no ring: the same answer, not placed again.
    expect(labels({ ...base, clusters: [ring(150)] })).toBe(first);
    // A ring that moves onto a name, another zoom, a selection, new cells: placed again.
    const moved = labels({ ...base, clusters: [ring(0)] });
    expect(moved).not.toBe(first);
    expect(moved.map((l) => l.code)).not.toContain('g0');
    expect(labels({ ...base, zoom: 13 })).not.toBe(moved);
    expect(labels({ ...base, selectedCode: 'g3' })[0]!.code).toBe('g3');
    const other = cells(FEW_NAMES + 1);
    expect(labels({ ...base, cells: other })).toEqual(first);
    expect(labels({ ...base, cells: other })).toBe(labels({ ...base, cells: other }));
  });
});
