import type { MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import type { CellDiff } from '../../../../../../client/api/boundaries.ts';
import type { EditorCell } from '../../../../../../client/boundaries/editor-cells.ts';
import {
  cellLabels,
  codeOfFeature,
  deletedFeatures,
  diffFeatures,
  drawFeatures,
  parentFeature,
  partOfFeature,
  snapFeature,
  staleFeatures,
  withPart,
} from '../../../../../../client/map/layers/boundaries/boundaries-data.ts';

const ring = (x: number) => [
  [x, 0],
  [x + 1, 0],
  [x + 1, 1],
  [x, 0],
];
const two: MultiPolygon = { type: 'MultiPolygon', coordinates: [[ring(0)], [ring(5)]] };
const cell = (code: string, action: EditorCell['action']): EditorCell => ({
  code,
  name: `格${code}`,
  action,
  geometry: two,
  published: two,
  version: 1,
});

describe('what the editor map draws', () => {
  it('gives terra-draw one feature per polygon, and reads the cell and part back from its id', () => {
    const features = drawFeatures(cell('001', 'update'));
    expect(features.map((f) => f.id)).toEqual(['001#0', '001#1']);
    expect(features[1]!.properties).toEqual({ mode: 'polygon', code: '001', action: 'update' });
    expect(codeOfFeature('001#1')).toBe('001');
    expect(partOfFeature('001#1')).toBe(1);
    expect(partOfFeature('001')).toBe(0);
  });

  it('replaces only the edited part of a cell of several polygons', () => {
    const edited: Polygon = { type: 'Polygon', coordinates: [ring(9)] };
    expect(withPart(two, 1, edited).coordinates).toEqual([[ring(0)], [ring(9)]]);
  });

  it('draws deleted cells apart and labels only the live ones', () => {
    const cells = [cell('001', 'delete'), cell('002', 'unchanged')];
    expect(deletedFeatures(cells).features.map((f) => f.properties!.code)).toEqual(['001']);
    expect(cellLabels(cells).map((l) => l.text)).toEqual(['格002']);
  });

  it('shows a publish as before and after, and a deleted cell only as before', () => {
    const diff: CellDiff[] = [
      { code: 'a', name: 'a', version: 2, deleted: false, before: two, after: two },
      { code: 'b', name: 'b', version: 3, deleted: true, before: two, after: two },
    ];
    expect(diffFeatures(diff).features.map((f) => `${f.properties!.code}:${f.properties!.when}`)).toEqual([
      'a:before',
      'a:after',
      'b:before',
    ]);
  });

  it('draws the stale cells that have a shape, the parent when one is open, and the snap point', () => {
    expect(
      staleFeatures([
        { code: 'x', currentGeometry: two },
        { code: 'y', currentGeometry: null },
      ]).features,
    ).toHaveLength(1);
    expect(parentFeature(null).features).toEqual([]);
    expect(parentFeature(two).features[0]!.geometry).toBe(two);
    expect(snapFeature({ position: [1, 2], kind: 'edge' }).features[0]).toMatchObject({
      geometry: { type: 'Point', coordinates: [1, 2] },
      properties: { kind: 'edge' },
    });
    expect(snapFeature(null).features).toEqual([]);
  });
});
