import type { Vec } from './geometry.ts';
import { partitionBlocks } from './partition.ts';
import type { Rng } from './random.ts';

/** One group of blocks at some level, with its children groups below it. */
export interface BlockGroup {
  blocks: number[];
  children: BlockGroup[];
}

/** What the hierarchy builder knows about blocks. */
interface BlockGraph {
  neighbours: (block: number) => readonly number[];
  centre: (block: number) => Vec;
  households: (block: number) => number;
  area: (block: number) => number;
}

/**
 * Largest-remainder apportionment of `total` parts by weight, each part at
 * least 1 and at most its cap (a group cannot have more parts than blocks).
 */
export function apportion(weights: readonly number[], caps: readonly number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  const exact = weights.map((w) => (w / sum) * total);
  const out = exact.map((x, i) => Math.min(caps[i]!, Math.max(1, Math.floor(x))));
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  while (left > 0) {
    let moved = false;
    for (const [, i] of order) {
      if (left === 0) break;
      if (out[i]! < caps[i]!) {
        out[i]!++;
        left--;
        moved = true;
      }
    }
    if (!moved) break;
  }
  return out;
}

/**
 * Splits blocks level by level: `counts[0]` parts at the first level below the
 * root, then each part into its share of `counts[1]`, and so on, so every level
 * nests exactly inside the one above and tiles it.
 */
export function buildHierarchy(blocks: number[], graph: BlockGraph, counts: number[], rng: Rng, seedsAt?: Vec[]): BlockGroup {
  const weight = (b: number): number => graph.households(b) + graph.area(b) / 4_000;
  const split = (group: number[], parts: number, seeds?: number[]): number[][] =>
    partitionBlocks({ blocks: group, neighbours: graph.neighbours, centre: graph.centre, weight, seeds }, parts, rng);
  const nearest = (p: Vec): number => {
    let best = blocks[0]!;
    let bestD = Infinity;
    for (const b of blocks) {
      const c = graph.centre(b);
      const d = Math.hypot(c[0] - p[0], c[1] - p[1]);
      if (d < bestD) {
        bestD = d;
        best = b;
      }
    }
    return best;
  };
  const root: BlockGroup = { blocks, children: [] };
  let level: BlockGroup[] = [root];
  counts.forEach((total, depth) => {
    const weights = level.map((g) => g.blocks.reduce((s, b) => s + weight(b), 0));
    const shares = apportion(
      weights,
      level.map((g) => g.blocks.length),
      total,
    );
    const next: BlockGroup[] = [];
    level.forEach((g, i) => {
      const seeds = depth === 0 && seedsAt && seedsAt.length === shares[i] ? [...new Set(seedsAt.map(nearest))] : undefined;
      g.children = split(g.blocks, shares[i]!, seeds && seeds.length === shares[i] ? seeds : undefined).map((b) => ({
        blocks: b,
        children: [],
      }));
      next.push(...g.children);
    });
    level = next;
  });
  return root;
}
