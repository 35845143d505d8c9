import { describe, expect, it } from 'vitest';
import { commandFor, type KeyPress } from '../../../../client/boundaries/keymap.ts';

const press = (key: string, over: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrl: false,
  shift: false,
  alt: false,
  inField: false,
  ...over,
});

describe('the editor keymap', () => {
  it('maps the tool keys, case-insensitively', () => {
    expect(commandFor(press('v'), false)).toBe('select');
    expect(commandFor(press('N'), false)).toBe('draw');
    expect(commandFor(press('s'), false)).toBe('split');
    expect(commandFor(press('Escape'), false)).toBe('cancel');
  });

  it('undoes with Ctrl+Z and redoes with Ctrl+Shift+Z or Ctrl+Y', () => {
    expect(commandFor(press('z', { ctrl: true }), false)).toBe('undo');
    expect(commandFor(press('Z', { ctrl: true, shift: true }), false)).toBe('redo');
    expect(commandFor(press('y', { ctrl: true }), false)).toBe('redo');
    expect(commandFor(press('v', { ctrl: true }), false)).toBeNull();
  });

  it('merges and deletes only with a selection', () => {
    expect(commandFor(press('m'), false)).toBeNull();
    expect(commandFor(press('m'), true)).toBe('merge');
    expect(commandFor(press('Delete'), true)).toBe('delete');
    expect(commandFor(press('Backspace'), true)).toBe('delete');
  });

  it('leaves keys typed into a field, and Alt combinations, alone', () => {
    expect(commandFor(press('v', { inField: true }), false)).toBeNull();
    expect(commandFor(press('z', { ctrl: true, inField: true }), false)).toBeNull();
    expect(commandFor(press('n', { alt: true }), false)).toBeNull();
  });
});
