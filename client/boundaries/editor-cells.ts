import type { MultiPolygon } from 'geojson';

/** One cell in the editor: its shape as edited beside the shape as published. */
export interface EditorCell {
  code: string;
  name: string;
  /** What the draft does to it; `unchanged` cells are the siblings drawn around the edit. */
  action: 'unchanged' | 'update' | 'create' | 'delete';
  geometry: MultiPolygon;
  /** The published shape (null for a cell the draft creates). */
  published: MultiPolygon | null;
  /** The published version (null for a new cell). */
  version: number | null;
}

/** The cells of one parent as the editor holds them; replaced, never mutated, so undo keeps old maps. */
export type EditorCells = ReadonlyMap<string, EditorCell>;

/** Cells still on the map (deleted ones are drawn only as what they were). */
export const liveCells = (cells: EditorCells): EditorCell[] => [...cells.values()].filter((c) => c.action !== 'delete');

function replace(cells: EditorCells, cell: EditorCell): EditorCells {
  const next = new Map(cells);
  next.set(cell.code, cell);
  return next;
}

/** A new shape for a cell: an existing cell becomes an update; a new one stays a creation. */
export function withShape(cells: EditorCells, code: string, geometry: MultiPolygon): EditorCells {
  const cell = cells.get(code);
  if (!cell) return cells;
  return replace(cells, { ...cell, geometry, action: cell.action === 'create' ? 'create' : 'update' });
}

/** Adds a cell the draft creates. */
export function withNewCell(cells: EditorCells, code: string, name: string, geometry: MultiPolygon): EditorCells {
  return replace(cells, { code, name, action: 'create', geometry, published: null, version: null });
}

/** Deletes a cell: a published one is marked, a new one simply goes. */
export function withDeleted(cells: EditorCells, code: string): EditorCells {
  const cell = cells.get(code);
  if (!cell) return cells;
  if (cell.action === 'create') {
    const next = new Map(cells);
    next.delete(code);
    return next;
  }
  return replace(cells, { ...cell, action: 'delete', geometry: cell.published ?? cell.geometry });
}

/** Renames a cell (a published cell with a new name is an update). */
export function withName(cells: EditorCells, code: string, name: string): EditorCells {
  const cell = cells.get(code);
  if (!cell || cell.name === name) return cells;
  return replace(cells, { ...cell, name, action: cell.action === 'unchanged' ? 'update' : cell.action });
}

/** Codes whose cell differs between two states (added, removed, or another object). */
export function changedCodes(before: EditorCells, after: EditorCells): string[] {
  const codes = new Set([...before.keys(), ...after.keys()]);
  return [...codes].filter((c) => before.get(c) !== after.get(c)).sort();
}

/**
 * The next free code under a parent: the parent's code and three digits, after the highest in use
 * (codes of deleted cells count as used: history keeps them).
 */
export function nextChildCode(parentCode: string, taken: Iterable<string>): string {
  let max = 0;
  for (const code of taken)
    if (code.length === parentCode.length + 3 && code.startsWith(parentCode)) max = Math.max(max, Number(code.slice(-3)));
  if (max >= 999) throw new Error(`no free code under ${parentCode}`);
  return `${parentCode}${String(max + 1).padStart(3, '0')}`;
}

/** Undo and redo over whole states: each operation pushes the state it produced. */
export interface History<T> {
  past: T[];
  present: T;
  future: T[];
}

export const startHistory = <T>(present: T): History<T> => ({ past: [], present, future: [] });
/** Keeps the last 100 steps: enough for a session's work, bounded in memory for large cells. */
export const push = <T>(h: History<T>, next: T): History<T> => ({ past: [...h.past, h.present].slice(-100), present: next, future: [] });
export const undo = <T>(h: History<T>): History<T> =>
  h.past.length === 0 ? h : { past: h.past.slice(0, -1), present: h.past[h.past.length - 1]!, future: [h.present, ...h.future] };
export const redo = <T>(h: History<T>): History<T> =>
  h.future.length === 0 ? h : { past: [...h.past, h.present], present: h.future[0]!, future: h.future.slice(1) };
