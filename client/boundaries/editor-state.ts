import type { MultiPolygon } from 'geojson';
import type { ChangeSet, EditorArea } from '../api/boundaries.ts';
import type { EditorCell, EditorCells } from './editor-cells.ts';

/** A published cell as the editor holds it before anyone edits it. */
const published = (c: EditorArea['cells'][number]): EditorCell => ({
  code: c.code,
  name: c.name,
  action: 'unchanged',
  geometry: c.geometry,
  published: c.geometry,
  version: c.version,
});

/** The published state of a parent's cells, with a draft's edits (of that parent) laid over it. */
export function cellsOf(area: EditorArea, draft: ChangeSet | null): EditorCells {
  const map = new Map<string, EditorCell>(area.cells.map((c) => [c.code, published(c)]));
  for (const d of draft?.cells ?? []) {
    if (d.parentCode !== area.parent.code) continue;
    const base = map.get(d.code);
    if (d.action === 'delete' && base) map.set(d.code, { ...base, action: 'delete' });
    else if (d.geometry)
      map.set(d.code, {
        code: d.code,
        name: d.name,
        action: d.action,
        geometry: d.geometry as MultiPolygon,
        published: base?.published ?? null,
        version: base?.version ?? null,
      });
  }
  return map;
}

/**
 * The cells after someone else published under the same parent: cells not edited here take the
 * new published shape, edited ones keep the edit over the new published version, and unedited
 * cells that no longer exist go.
 */
export function withPublished(cells: EditorCells, fresh: EditorArea): EditorCells {
  const next = new Map(cells);
  for (const c of fresh.cells) {
    const mine = next.get(c.code);
    if (!mine || mine.action === 'unchanged') next.set(c.code, published(c));
    else next.set(c.code, { ...mine, published: c.geometry, version: c.version });
  }
  for (const [code, mine] of next) if (mine.action === 'unchanged' && !fresh.cells.some((c) => c.code === code)) next.delete(code);
  return next;
}
