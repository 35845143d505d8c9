/** What a key does in the boundary editor; null when the key is not the editor's. */
type EditorCommand = 'undo' | 'redo' | 'select' | 'draw' | 'split' | 'merge' | 'delete' | 'cancel';

/** A key press as the editor reads it. */
export interface KeyPress {
  key: string;
  ctrl: boolean;
  shift: boolean;
  alt: boolean;
  /** Typed into a text field: the field's, not the editor's. */
  inField: boolean;
}

/** Keys with Ctrl (or ⌘): undo, redo. */
const WITH_CTRL: Record<string, EditorCommand> = { z: 'undo', y: 'redo' };

/** Plain keys: the tools, and Escape to stop picking a neighbour. */
const PLAIN: Record<string, EditorCommand> = {
  v: 'select',
  n: 'draw',
  s: 'split',
  m: 'merge',
  delete: 'delete',
  backspace: 'delete',
  escape: 'cancel',
};

/** Commands that act on the selected cell and mean nothing without one. */
const NEEDS_SELECTION: ReadonlySet<EditorCommand> = new Set(['merge', 'delete']);

/**
 * The editor's keyboard as a table: V select, N new cell, S split, M merge, Delete delete,
 * Ctrl+Z undo, Ctrl+Shift+Z or Ctrl+Y redo, Escape cancels picking.
 */
export function commandFor(press: KeyPress, hasSelection: boolean): EditorCommand | null {
  if (press.inField) return null;
  const key = press.key.toLowerCase();
  if (press.ctrl) {
    const command = WITH_CTRL[key];
    return command === 'undo' && press.shift ? 'redo' : (command ?? null);
  }
  if (press.alt) return null;
  const command = PLAIN[key] ?? null;
  return command && NEEDS_SELECTION.has(command) && !hasSelection ? null : command;
}
