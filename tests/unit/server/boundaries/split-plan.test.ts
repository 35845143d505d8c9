import { describe, expect, it } from 'vitest';
import { planSplit, type PlanBlock } from '../../../../server/boundaries/split-plan.ts';

/** A w × h grid of blocks, neighbours across each street. */
function grid(w: number, h: number, households: (x: number, y: number) => number) {
  const blocks: PlanBlock[] = [];
  const neighbours: [number, number][] = [];
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const id = y * w + x;
      blocks.push({ id, households: households(x, y), x, y });
      if (x > 0) neighbours.push([id - 1, id]);
      if (y > 0) neighbours.push([id - w, id]);
    }
  return { blocks, neighbours };
}
const total = (blocks: PlanBlock[], ids: number[]) => ids.reduce((n, id) => n + blocks.find((b) => b.id === id)!.households, 0);

describe('planSplit', () => {
  it('halves a uniform district along its longer axis', () => {
    const { blocks, neighbours } = grid(6, 3, () => 10);
    const parts = planSplit(blocks, neighbours, 2);
    expect(parts.map((p) => total(blocks, p))).toEqual([90, 90]);
    // Cut across the long (x) axis: every block of the first part lies west of every block of the second.
    const maxX = Math.max(...parts[0]!.map((id) => blocks[id]!.x));
    expect(parts[1]!.every((id) => blocks[id]!.x > maxX)).toBe(true);
  });

  it('balances households, not blocks, when the density varies', () => {
    const { blocks, neighbours } = grid(8, 1, (x) => (x < 2 ? 100 : 10));
    const parts = planSplit(blocks, neighbours, 2);
    const sums = parts.map((p) => total(blocks, p));
    expect(Math.abs(sums[0]! - sums[1]!)).toBeLessThanOrEqual(100);
    expect(parts[0]!.length).toBeLessThan(parts[1]!.length);
  });

  it('makes k parts, each in one piece', () => {
    const { blocks, neighbours } = grid(5, 4, (x, y) => 5 + ((x * 7 + y * 3) % 11));
    const parts = planSplit(blocks, neighbours, 3);
    expect(parts).toHaveLength(3);
    expect(parts.flat().sort((a, b) => a - b)).toEqual(blocks.map((b) => b.id));
    const sums = parts.map((p) => total(blocks, p));
    expect(Math.max(...sums) / Math.min(...sums)).toBeLessThan(1.5);
  });

  it('moves a cut that would leave a side in two pieces', () => {
    // An L: blocks 0-1-2 in a row, block 3 hangs below block 0 only.
    const blocks: PlanBlock[] = [
      { id: 0, households: 10, x: 0, y: 1 },
      { id: 1, households: 10, x: 1, y: 1 },
      { id: 2, households: 10, x: 2, y: 1 },
      { id: 3, households: 10, x: 2.5, y: 0 },
    ];
    const parts = planSplit(
      blocks,
      [
        [0, 1],
        [1, 2],
        [0, 3],
      ],
      2,
    );
    // Ordered by x the even cut is {0,1} | {2,3}, but 3 touches only 0; {0} | {1,2,3} splits too: the cut moves on.
    expect(parts).toEqual([[0, 1, 2], [3]]);
  });
});
