import { describe, expect, it } from 'vitest';
import { fillColourFor, lineRgb, roleOfLevel, styleForLevel } from '../../../../client/map/grid-style.ts';

describe('grid level styling', () => {
  it('shows levels above the active one as context and hides deeper ones', () => {
    expect([0, 1, 2, 3].map((i) => roleOfLevel(i, 2))).toEqual(['context', 'context', 'active', 'hidden']);
  });

  it('draws higher levels with heavier lines and reuses the last style for deep levels', () => {
    expect(styleForLevel(0).lineWidth).toBeGreaterThan(styleForLevel(3).lineWidth);
    expect(styleForLevel(9)).toEqual(styleForLevel(4));
    expect(fillColourFor(0)).not.toBe(fillColourFor(1));
  });

  it('gives the labels of a level its line colour as RGB', () => {
    expect(lineRgb(0)).toEqual([0x52, 0xd5, 0xff]);
    expect(lineRgb(9)).toEqual(lineRgb(4));
  });
});
