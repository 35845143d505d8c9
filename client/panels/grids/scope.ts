import type { GridCollection, GridDetail } from '../../api/grids.ts';

/**
 * The wall's drill-down scope as pure data: which cells lie under the cell drilled into, which
 * incidents belong to it, and the breadcrumb back up. Grid codes cannot be compared by prefix
 * (a township's code ends in zeros like its county's), so membership walks the parent links of
 * the cells the map already holds.
 */

/** Each loaded cell's parent, from the map's collections of every level. */
export function parentIndex(collections: Record<string, GridCollection>): Map<string, string | null> {
  const parents = new Map<string, string | null>();
  for (const c of Object.values(collections)) for (const f of c.features) parents.set(f.properties.code, f.properties.parentCode);
  return parents;
}

/** Whether `code` is `scopeCode` or lies under it; a cell the index does not hold is outside. */
export function isWithin(code: string | null, scopeCode: string, parents: Map<string, string | null>): boolean {
  // A hierarchy is a handful of levels deep; the bound only guards against a cycle in bad data.
  for (let c = code, steps = 0; c && steps < 32; c = parents.get(c) ?? null, steps++) {
    if (c === scopeCode) return true;
    if (!parents.has(c)) return false;
  }
  return false;
}

/** The rows of a list whose place (base grid, else the responsible cell) lies in the scope; all of them at the root. */
export function rowsInScope<T extends { gridCode: string | null; responsibleCode: string }>(
  rows: T[],
  scopeCode: string | null,
  parents: Map<string, string | null>,
): T[] {
  if (!scopeCode) return rows;
  return rows.filter((r) => isWithin(r.gridCode ?? r.responsibleCode, scopeCode, parents));
}

/** One step of the breadcrumb: a cell to go back up to, or the cell in scope (last). */
export interface Crumb {
  code: string | null;
  name: string;
}

/**
 * The way back up from the cell in scope: the viewer's area (code null: the whole area), the
 * ancestors inside it, then the cell itself. Ancestors above the viewer's area are not offered.
 */
export function breadcrumb(rootName: string, rootCode: string, detail: GridDetail | null, isShown: (code: string) => boolean): Crumb[] {
  const top: Crumb = { code: null, name: rootName };
  if (!detail || detail.code === rootCode) return [top];
  const between = detail.ancestors.filter((a) => a.code !== rootCode && isShown(a.code)).map((a) => ({ code: a.code, name: a.name }));
  return [top, ...between, { code: detail.code, name: detail.name }];
}

/**
 * Names without their parent's name in front ("松柏社区第四网格" under 松柏社区 reads "第四网格"):
 * a chart's axis has room for a few characters, and the parent is already in the title.
 */
export function withoutParentName<T extends { name: string }>(rows: T[], parentName: string | null): T[] {
  if (!parentName) return rows;
  return rows.map((r) =>
    r.name.startsWith(parentName) && r.name.length > parentName.length ? { ...r, name: r.name.slice(parentName.length) } : r,
  );
}
