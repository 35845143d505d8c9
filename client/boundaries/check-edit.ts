import type { MultiPolygon } from 'geojson';
import { checkCell, indexed, type Indexed, type Problem } from './client-checks.ts';
import type { EditorCells } from './editor-cells.ts';
import { editWithNeighbours } from './shared-vertices.ts';

/**
 * The checks of one edit as the editor will apply it: the cell's new shape with its shared vertices
 * carried to the neighbours, then the cell and every neighbour that followed checked against the
 * others. Run on every drag frame, so a shared vertex being dragged is never shown as an overlap.
 * `indexes` are the live cells' indexes of the state before the edit (built once per state).
 */
export function checkEdit(
  cells: EditorCells,
  indexes: (Indexed & { code: string })[],
  parent: Indexed | null,
  code: string,
  shape: MultiPolygon,
): Problem[] {
  const { cells: next, followed } = editWithNeighbours(cells, code, shape);
  const changed = new Set([code, ...followed]);
  const siblings = indexes.map((s) => (changed.has(s.code) ? { code: s.code, ...indexed(next.get(s.code)!.geometry) } : s));
  return [...changed].flatMap((c) => checkCell(c, next.get(c)!.geometry, siblings, parent));
}
