import { describe, expect, it } from 'vitest';
import { MAX_CELL_VERTICES, readCellGeometry } from '../../../../server/boundaries/geometry-input.ts';

const square = [
  [0, 0],
  [1, 0],
  [1, 1],
  [0, 1],
  [0, 0],
];

describe('reading a cell boundary', () => {
  it('takes a Polygon or a MultiPolygon and answers MultiPolygon coordinates', () => {
    const polygon = readCellGeometry({ type: 'Polygon', coordinates: [square] });
    expect(polygon).toEqual({ ok: true, coordinates: [[square]], vertices: 5, duplicatesDropped: 0 });
    const multi = readCellGeometry({ type: 'MultiPolygon', coordinates: [[square], [square.map(([x, y]) => [x! + 2, y!])]] });
    expect(multi.ok && multi.coordinates).toHaveLength(2);
  });

  it('drops consecutive duplicate positions and a third coordinate', () => {
    const r = readCellGeometry({
      type: 'Polygon',
      coordinates: [
        [
          [0, 0, 5],
          [1, 0],
          [1, 0],
          [1, 1],
          [0, 1],
          [0, 1],
          [0, 0],
        ],
      ],
    });
    expect(r).toEqual({ ok: true, coordinates: [[square]], vertices: 5, duplicatesDropped: 2 });
  });

  it.each([
    ['null', null, 'not_an_object', 'geometry'],
    ['a GeometryCollection', { type: 'GeometryCollection', geometries: [] }, 'wrong_type', 'geometry.type'],
    ['a Point', { type: 'Point', coordinates: [0, 0] }, 'wrong_type', 'geometry.type'],
    ['no coordinates', { type: 'Polygon' }, 'bad_coordinates', 'geometry.coordinates'],
    ['no rings', { type: 'Polygon', coordinates: [] }, 'empty', 'geometry.coordinates'],
    ['an empty MultiPolygon', { type: 'MultiPolygon', coordinates: [] }, 'empty', 'geometry.coordinates'],
    [
      'a string position',
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            ['1', 0],
            [1, 1],
            [0, 0],
          ],
        ],
      },
      'bad_position',
      'geometry.coordinates[0][1]',
    ],
    [
      'a null coordinate',
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [null, 0],
            [1, 1],
            [0, 0],
          ],
        ],
      },
      'bad_position',
      'geometry.coordinates[0][1]',
    ],
    [
      'a latitude of 95',
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 95],
            [1, 1],
            [0, 0],
          ],
        ],
      },
      'out_of_range',
      'geometry.coordinates[0][1]',
    ],
    [
      'a longitude of -181',
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [-181, 0],
            [1, 1],
            [0, 0],
          ],
        ],
      },
      'out_of_range',
      'geometry.coordinates[0][1]',
    ],
    ['an unclosed ring', { type: 'Polygon', coordinates: [square.slice(0, 4)] }, 'ring_not_closed', 'geometry.coordinates[0]'],
    [
      'three points',
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [0, 0],
          ],
        ],
      },
      'ring_too_short',
      'geometry.coordinates[0]',
    ],
    [
      'a triangle made of repeats',
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 0],
            [0, 0],
          ],
        ],
      },
      'ring_too_short',
      'geometry.coordinates[0]',
    ],
    [
      'a position with one number',
      { type: 'MultiPolygon', coordinates: [[[[0], [1, 0], [1, 1], [0, 0]]]] },
      'bad_position',
      'geometry.coordinates[0][0][0]',
    ],
  ])('refuses %s, saying where', (_name, input, rule, path) => {
    const r = readCellGeometry(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem).toMatchObject({ rule, path });
      expect(r.problem.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(r.problem.en.length).toBeGreaterThan(5);
    }
  });

  it('refuses more vertices than a cell may have before reading them all', () => {
    const ring = Array.from({ length: MAX_CELL_VERTICES + 5 }, (_, i) => [i * 1e-6, 0]);
    const r = readCellGeometry({ type: 'Polygon', coordinates: [ring] });
    expect(r.ok || r.problem.rule).toBe('too_many_vertices');
    // The budget is for the whole cell, across its parts.
    const half = Array.from({ length: MAX_CELL_VERTICES / 2 }, (_, i) => [Math.cos(i), Math.sin(i)]);
    half.push(half[0]!);
    const two = readCellGeometry({ type: 'MultiPolygon', coordinates: [[half], [half]] });
    expect(two.ok || two.problem.rule).toBe('too_many_vertices');
  });
});
