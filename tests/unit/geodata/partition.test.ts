import { describe, expect, it } from 'vitest';
import { partitionBlocks } from '../../../geodata/partition.ts';
import { createRng } from '../../../geodata/random.ts';

/** A 10 × 10 lattice of unit blocks with 4-neighbours; weight 1 each. */
function lattice(size: number) {
  const id = (x: number, y: number) => y * size + x;
  const blocks = Array.from({ length: size * size }, (_, i) => i);
  const neighbours = (b: number) => {
    const x = b % size;
    const y = Math.floor(b / size);
    return [
      [x - 1, y],
      [x + 1, y],
      [x, y - 1],
      [x, y + 1],
    ]
      .filter(([a, c]) => a! >= 0 && c! >= 0 && a! < size && c! < size)
      .map(([a, c]) => id(a!, c!));
  };
  return { blocks, neighbours, centre: (b: number) => [b % size, Math.floor(b / size)] as const, weight: () => 1 };
}

function connected(group: number[], neighbours: (b: number) => number[]): boolean {
  const inGroup = new Set(group);
  const seen = new Set([group[0]!]);
  const stack = [group[0]!];
  while (stack.length) {
    for (const n of neighbours(stack.pop()!)) {
      if (inGroup.has(n) && !seen.has(n)) {
        seen.add(n);
        stack.push(n);
      }
    }
  }
  return seen.size === group.length;
}

describe('partitionBlocks', () => {
  it('assigns every block to exactly one connected part of similar weight', () => {
    const input = lattice(10);
    const parts = partitionBlocks(input, 6, createRng('t'));
    expect(parts).toHaveLength(6);
    expect(parts.flat().sort((a, b) => a - b)).toEqual(input.blocks);
    for (const p of parts) {
      expect(connected(p, input.neighbours)).toBe(true);
      expect(p.length).toBeGreaterThan(8);
      expect(p.length).toBeLessThan(25);
    }
  });

  it('never makes more parts than blocks', () => {
    const input = lattice(2);
    expect(partitionBlocks(input, 9, createRng('t'))).toHaveLength(4);
  });

  it('throws when blocks are not connected', () => {
    const input = { ...lattice(3), neighbours: () => [] };
    expect(() => partitionBlocks(input, 2, createRng('t'))).toThrow(/not connected/);
  });
});
