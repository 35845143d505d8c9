/** Fixtures shared by the tests beside this file. */
import type { MultiPolygon, Position } from 'geojson';
import { type EditorCell, type EditorCells } from '../../../../client/boundaries/editor-cells.ts';

/** Squares of 0.01° side, side by side: A on the left, B on the right, sharing the edge x = 0.01. */
export const square = (x0: number, x1: number, y0 = 0, y1 = 0.01): MultiPolygon => ({
  type: 'MultiPolygon',
  coordinates: [
    [
      [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
        [x0, y0],
      ],
    ],
  ],
});
export const cell = (code: string, geometry: MultiPolygon): EditorCell => ({
  code,
  name: code,
  action: 'unchanged',
  geometry,
  published: geometry,
  version: 1,
});
export const state = (...cells: EditorCell[]): EditorCells => new Map(cells.map((c) => [c.code, c]));
export const withRing = (r: Position[]): MultiPolygon => ({ type: 'MultiPolygon', coordinates: [[r]] });
