/**
 * Pure: divides a cell's land blocks (each with its households, centre and neighbours) into k
 * contiguous groups of about equal households. Blocks are bounded by streets, so the borders
 * between groups follow streets. Recursive bisection: the blocks are ordered along the longer
 * axis of their spread and cut where the households reach the share of one side, moving the cut
 * to the nearest position where both sides stay connected.
 */
export interface PlanBlock {
  id: number;
  households: number;
  x: number;
  y: number;
}

export function planSplit(blocks: PlanBlock[], neighbours: [number, number][], k: number): number[][] {
  const adjacency = new Map<number, Set<number>>(blocks.map((b) => [b.id, new Set()]));
  for (const [a, b] of neighbours) {
    adjacency.get(a)?.add(b);
    adjacency.get(b)?.add(a);
  }
  const connected = (ids: number[]): boolean => {
    if (ids.length <= 1) return true;
    const inside = new Set(ids);
    const seen = new Set([ids[0]!]);
    const stack = [ids[0]!];
    while (stack.length)
      for (const n of adjacency.get(stack.pop()!) ?? [])
        if (inside.has(n) && !seen.has(n)) {
          seen.add(n);
          stack.push(n);
        }
    return seen.size === ids.length;
  };
  const split = (group: PlanBlock[], parts: number): number[][] => {
    if (parts <= 1 || group.length <= 1) return [group.map((b) => b.id)];
    const xs = group.map((b) => b.x);
    const ys = group.map((b) => b.y);
    const alongX = Math.max(...xs) - Math.min(...xs) >= Math.max(...ys) - Math.min(...ys);
    const ordered = [...group].sort((a, b) => (alongX ? a.x - b.x : a.y - b.y));
    const left = Math.floor(parts / 2);
    const total = ordered.reduce((n, b) => n + b.households, 0);
    const target = (total * left) / parts;
    // The cut index whose left side's households are nearest the target.
    let best = 1;
    let sum = 0;
    let bestGap = Infinity;
    for (let i = 1; i < ordered.length; i++) {
      sum += ordered[i - 1]!.households;
      const gap = Math.abs(sum - target);
      if (gap < bestGap) [best, bestGap] = [i, gap];
    }
    // Nearest cut (by position) that leaves both sides in one piece.
    const candidates = Array.from({ length: ordered.length - 1 }, (_, i) => i + 1).sort((a, b) => Math.abs(a - best) - Math.abs(b - best));
    const cut =
      candidates.find((c) => connected(ordered.slice(0, c).map((b) => b.id)) && connected(ordered.slice(c).map((b) => b.id))) ?? best;
    return [...split(ordered.slice(0, cut), left), ...split(ordered.slice(cut), parts - left)];
  };
  return split(blocks, Math.max(1, Math.min(k, blocks.length)));
}
