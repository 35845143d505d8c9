import type { MultiPolygon } from 'geojson';
import { mergeShapes, overlayShapes, splitShape } from '../api/boundaries.ts';
import { i18n } from '../i18n/index.ts';
import { checkCell, type Indexed } from './client-checks.ts';
import { nextChildCode, withDeleted, withNewCell, withShape, type EditorCells } from './editor-cells.ts';

/*
 * The edits whose shapes PostGIS computes exactly (clipping, cutting, joining): each takes the
 * cells as they are and answers the next state, which the draft store shows and saves.
 */

/** A new cell drawn inside the parent: clipped to the parent and carved out of the siblings it covers. */
export async function withDrawnCell(
  cells: EditorCells,
  indexes: (Indexed & { code: string })[],
  parent: { code: string; geometry: MultiPolygon },
  taken: string[],
  shape: MultiPolygon,
  name: string,
): Promise<{ cells: EditorCells; code: string }> {
  const code = nextChildCode(parent.code, taken);
  const clipped = (await overlayShapes('intersection', shape, parent.geometry)).geometry;
  if (!clipped) throw new Error(i18n.global.t('editor.outsideParent'));
  let next = withNewCell(cells, code, name, clipped);
  for (const o of checkCell(code, clipped, indexes, null).filter((p) => p.kind === 'overlap')) {
    // The sibling keeps what the new cell does not take, computed exactly by PostGIS.
    const rest = (await overlayShapes('difference', next.get(o.other!)!.geometry, clipped)).geometry;
    next = rest ? withShape(next, o.other!, rest) : withDeleted(next, o.other!);
  }
  return { cells: next, code };
}

/** A cell cut along a drawn line: the largest part keeps the cell, the others become new cells. */
export async function withSplitCell(
  cells: EditorCells,
  parentCode: string,
  taken: string[],
  code: string,
  line: [number, number][],
): Promise<{ cells: EditorCells; created: string[] }> {
  const cell = cells.get(code)!;
  const { parts } = await splitShape(cell.geometry, line);
  let next = withShape(cells, code, parts[0]!.geometry);
  const created: string[] = [];
  for (const [i, part] of parts.slice(1).entries()) {
    const newCode = nextChildCode(parentCode, [...taken, ...created]);
    next = withNewCell(next, newCode, i18n.global.t('editor.partName', { name: cell.name, n: i + 2 }), part.geometry);
    created.push(newCode);
  }
  return { cells: next, created };
}

/** A cell merged into a neighbour: the neighbour takes the union, the cell is deleted. */
export async function withMergedCell(cells: EditorCells, code: string, into: string): Promise<EditorCells> {
  const { geometry } = await mergeShapes([cells.get(into)!.geometry, cells.get(code)!.geometry]);
  return withDeleted(withShape(cells, into, geometry), code);
}
