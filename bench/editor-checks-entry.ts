import type { MultiPolygon } from 'geojson';
import { checkEdit } from '../client/boundaries/check-edit.ts';
import { checkCell, indexed, withIndexes } from '../client/boundaries/client-checks.ts';
import type { EditorCell } from '../client/boundaries/editor-cells.ts';

/** What the editor-checks benchmark runs in Chromium: the editor's own check functions. */
export { checkCell, checkEdit };

/** The fixture as the editor holds it: cells, their indexes and the parent's. */
export function editorState(f: { parent: MultiPolygon; centre: MultiPolygon; neighbours: MultiPolygon[] }) {
  const shapes: [string, MultiPolygon][] = [['centre', f.centre], ...f.neighbours.map((g, i): [string, MultiPolygon] => [`n${i}`, g])];
  const cells = new Map<string, EditorCell>(
    shapes.map(([code, g]) => [code, { code, name: code, action: 'unchanged', geometry: g, published: g, version: 1 }]),
  );
  return { cells, indexes: withIndexes([...cells.values()]), parent: indexed(f.parent) };
}
