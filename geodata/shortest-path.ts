/** Dijkstra over the mesh's vertex graph with a caller-supplied edge cost. */
export interface WeightedGraph {
  /** For each vertex, its neighbours as [vertex, edge index] pairs. */
  adjacency: [number, number][][];
}

/** Minimal binary heap of [priority, value] pairs. */
class MinHeap {
  private items: [number, number][] = [];
  get size(): number {
    return this.items.length;
  }
  push(item: [number, number]): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]![0] <= a[i]![0]) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }
  pop(): [number, number] {
    const a = this.items;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l]![0] < a[m]![0]) m = l;
        if (r < a.length && a[r]![0] < a[m]![0]) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}

/** Returns the edge indices of the cheapest path from `from` to `to`, or [] when unreachable. */
export function shortestPath(graph: WeightedGraph, from: number, to: number, cost: (edge: number) => number): number[] {
  const n = graph.adjacency.length;
  const best = new Float64Array(n).fill(Infinity);
  const via = new Int32Array(n).fill(-1);
  const prev = new Int32Array(n).fill(-1);
  const heap = new MinHeap();
  best[from] = 0;
  heap.push([0, from]);
  while (heap.size > 0) {
    const [d, v] = heap.pop();
    if (d > best[v]!) continue;
    if (v === to) break;
    for (const [w, e] of graph.adjacency[v]!) {
      const nd = d + cost(e);
      if (nd < best[w]!) {
        best[w] = nd;
        via[w] = e;
        prev[w] = v;
        heap.push([nd, w]);
      }
    }
  }
  if (from !== to && via[to] === -1) return [];
  const path: number[] = [];
  for (let v = to; v !== from; v = prev[v]!) path.push(via[v]!);
  return path.reverse();
}
