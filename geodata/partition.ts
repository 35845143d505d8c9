import type { Vec } from './geometry.ts';
import type { Rng } from './random.ts';

/** What the partitioner needs to know about each block. */
interface PartitionInput {
  /** Block ids to split (all connected through `neighbours`). */
  blocks: number[];
  /** Neighbour block ids of each block id (sharing an edge). */
  neighbours: (block: number) => readonly number[];
  centre: (block: number) => Vec;
  /** Load to balance between parts (households plus an area term, so rural grids are smaller in households). */
  weight: (block: number) => number;
  /** Optional seed blocks, one per part (e.g. the blocks at town centres). */
  seeds?: number[];
}

/**
 * Splits connected blocks into `parts` connected groups of similar weight by
 * growing regions from spread-out seeds: the lightest region always takes the
 * frontier block nearest its seed, so regions stay compact and contiguous.
 */
export function partitionBlocks(input: PartitionInput, parts: number, rng: Rng): number[][] {
  const { blocks, neighbours, centre, weight } = input;
  const k = Math.max(1, Math.min(parts, blocks.length));
  const member = new Set(blocks);
  // Farthest-point seeding spreads the seeds over the area.
  const seeds = input.seeds ? [...input.seeds] : [blocks[rng.int(0, blocks.length - 1)]!];
  const nearestSeed = new Map(blocks.map((b) => [b, Infinity]));
  while (seeds.length < k) {
    const last = centre(seeds[seeds.length - 1]!);
    let far = -1;
    let farD = -1;
    for (const b of blocks) {
      const c = centre(b);
      const d = Math.min(nearestSeed.get(b)!, Math.hypot(c[0] - last[0], c[1] - last[1]));
      nearestSeed.set(b, d);
      if (d > farD) {
        farD = d;
        far = b;
      }
    }
    seeds.push(far);
  }
  const owner = new Map<number, number>();
  const groups: number[][] = seeds.map(() => []);
  const loads = seeds.map(() => 0);
  const frontiers: Set<number>[] = seeds.map(() => new Set());
  const take = (g: number, b: number): void => {
    owner.set(b, g);
    groups[g]!.push(b);
    loads[g]! += weight(b);
    for (const n of neighbours(b)) if (member.has(n) && !owner.has(n)) frontiers[g]!.add(n);
  };
  seeds.forEach((s, g) => take(g, s));
  let remaining = blocks.length - seeds.length;
  while (remaining > 0) {
    let g = -1;
    for (let i = 0; i < groups.length; i++) {
      for (const b of frontiers[i]!) if (owner.has(b)) frontiers[i]!.delete(b);
      if (frontiers[i]!.size > 0 && (g === -1 || loads[i]! < loads[g]!)) g = i;
    }
    if (g === -1) break;
    const seed = centre(seeds[g]!);
    let pick = -1;
    let pickD = Infinity;
    for (const b of frontiers[g]!) {
      const c = centre(b);
      const d = Math.hypot(c[0] - seed[0], c[1] - seed[1]);
      if (d < pickD) {
        pickD = d;
        pick = b;
      }
    }
    frontiers[g]!.delete(pick);
    take(g, pick);
    remaining--;
  }
  if (remaining > 0) throw new Error('partition: blocks are not connected');
  return groups;
}
