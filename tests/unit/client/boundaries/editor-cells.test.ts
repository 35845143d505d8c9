import { describe, expect, it } from 'vitest';
import {
  changedCodes,
  nextChildCode,
  push,
  redo,
  startHistory,
  undo,
  withDeleted,
  withNewCell,
} from '../../../../client/boundaries/editor-cells.ts';
import { cell, square, state } from './fixtures.ts';

describe('editor cells and history', () => {
  it('gives new cells the next free code under the parent, counting deleted ones', () => {
    expect(nextChildCode('379901001005', ['379901001005001', '379901001005004', '379901001006001'])).toBe('379901001005005');
  });

  it('undoes and redoes whole states, and a new edit clears what could be redone', () => {
    const s0 = state(cell('A', square(0, 0.01)));
    const s1 = withNewCell(s0, 'N', 'new', square(0.01, 0.02));
    const s2 = withDeleted(s1, 'A');
    let h = push(push(startHistory(s0), s1), s2);
    h = undo(h);
    expect(h.present).toBe(s1);
    expect(changedCodes(s2, h.present)).toEqual(['A']);
    h = redo(h);
    expect(h.present).toBe(s2);
    h = push(undo(h), s0);
    expect(h.future).toEqual([]);
    expect(withDeleted(s1, 'N').has('N')).toBe(false);
  });
});
