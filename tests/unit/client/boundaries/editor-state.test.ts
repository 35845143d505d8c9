import { describe, expect, it } from 'vitest';
import type { ChangeSet, DraftCell, EditorArea } from '../../../../client/api/boundaries.ts';
import { cellsOf, withPublished } from '../../../../client/boundaries/editor-state.ts';
import { cell, square, state } from './fixtures.ts';

const A = square(0, 0.01);
const B = square(0.01, 0.02);
const area = (cells: [string, ReturnType<typeof square>, number][]): EditorArea => ({
  parent: { code: 'p', name: 'P', level: 'community', version: 1, geometry: square(0, 0.03), childLevel: 'grid' },
  cells: cells.map(([code, geometry, version]) => ({ code, name: code, level: 'grid', version, geometry, hasChildren: false })),
});
const drafted = (d: Partial<DraftCell> & Pick<DraftCell, 'code' | 'action'>): DraftCell => ({
  name: d.code,
  level: 'grid',
  parentCode: 'p',
  baseVersion: 1,
  geometry: null,
  currentVersion: 1,
  currentGeometry: null,
  ...d,
});
const draft = (cells: DraftCell[]) => ({ cells }) as unknown as ChangeSet;

describe('the editor state of an area and its draft', () => {
  it('lays the draft over the published cells: updates, creations and deletions of this parent only', () => {
    const cells = cellsOf(
      area([
        ['a', A, 1],
        ['b', B, 3],
      ]),
      draft([
        drafted({ code: 'a', action: 'update', geometry: B }),
        drafted({ code: 'b', action: 'delete' }),
        drafted({ code: 'c', action: 'create', geometry: A, baseVersion: null }),
        drafted({ code: 'x', action: 'update', geometry: A, parentCode: 'other' }),
      ]),
    );
    expect([...cells.keys()]).toEqual(['a', 'b', 'c']);
    expect(cells.get('a')).toMatchObject({ action: 'update', geometry: B, published: A, version: 1 });
    expect(cells.get('b')).toMatchObject({ action: 'delete', geometry: B, version: 3 });
    expect(cells.get('c')).toMatchObject({ action: 'create', published: null, version: null });
    expect(cellsOf(area([['a', A, 1]]), null).get('a')!.action).toBe('unchanged');
  });

  it('takes someone else’s publish for the cells not edited here and keeps the edits over the new versions', () => {
    const mine = state({ ...cell('a', A), action: 'update', geometry: B }, cell('b', B), cell('gone', A));
    const next = withPublished(
      mine,
      area([
        ['a', A, 2],
        ['b', A, 5],
        ['new', B, 1],
      ]),
    );
    expect(next.get('a')).toMatchObject({ action: 'update', geometry: B, version: 2 });
    expect(next.get('b')).toMatchObject({ action: 'unchanged', geometry: A, version: 5 });
    expect(next.has('new')).toBe(true);
    expect(next.has('gone')).toBe(false);
  });
});
