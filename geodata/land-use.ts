import { centroid, signedArea, type Vec } from './geometry.ts';
import type { Mesh } from './mesh.ts';
import type { Rng } from './random.ts';
import type { EdgeKind } from './streets.ts';

/** What a block is used for; decides what gets built on it. */
export type LandUse = 'residential' | 'public' | 'commercial' | 'park' | 'industrial' | 'village' | 'farmland';

/** Picks each block's land use from how urban it is and whether it fronts the river. */
export function assignLandUse(
  mesh: Mesh,
  edgeKind: readonly EdgeKind[],
  urbanity: (p: Vec) => number,
  distanceFromCentre: (p: Vec) => number,
  rng: Rng,
): LandUse[] {
  const riverside = new Set<number>();
  mesh.edges.forEach((e, i) => {
    if (edgeKind[i] === 'river') e.cells.forEach((c) => riverside.add(c));
  });
  return mesh.cells.map((cell, c) => {
    const ring = cell.ring.map((v) => mesh.vertices[v]!);
    const centre = centroid(ring);
    const area = signedArea(ring);
    if (urbanity(centre) < 0.5) return rng.chance(0.8) ? 'village' : 'farmland';
    const r = rng.next();
    if (riverside.has(c) && r < 0.35) return 'park';
    if (area < 4000) return rng.chance(0.5) ? 'park' : 'commercial';
    const core = distanceFromCentre(centre) < 0.35;
    if (r < 0.06) return 'park';
    if (r < 0.16) return 'public';
    if (r < (core ? 0.3 : 0.22)) return 'commercial';
    if (!core && r < 0.28) return 'industrial';
    return 'residential';
  });
}
