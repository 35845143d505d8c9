import type { ProjectionChoice } from './files-contract.ts';
import { inverseOf, isProjected, PROJECTIONS, zoneOf } from './projections.ts';
import type { SourceFeature } from './source-feature.ts';

/** Farther than this from the area's centre a reading of the file is not offered. */
const MAX_CHOICE_KM = 150;

/** Readings this close together are told apart by their system, not by the distance. */
const NEAR_KM = 25;

/** The first position of the first feature that has one. */
function firstPosition(features: readonly SourceFeature[]): [number, number] | null {
  const visit = (v: unknown): [number, number] | null => {
    if (!Array.isArray(v)) return null;
    if (typeof v[0] === 'number' && typeof v[1] === 'number') return [v[0], v[1]];
    for (const x of v) {
      const found = visit(x);
      if (found) return found;
    }
    return null;
  };
  for (const f of features) {
    const found = visit((f.geometry as { coordinates?: unknown } | null)?.coordinates);
    if (found) return found;
  }
  return null;
}

/** Great-circle kilometres between two longitude/latitude points. */
function kmBetween([lon1, lat1]: [number, number], [lon2, lat2]: [number, number]): number {
  const r = Math.PI / 180;
  const h = Math.sin(((lat2 - lat1) * r) / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
  return 12742 * Math.asin(Math.sqrt(h));
}

/**
 * For projected coordinates in no stated system, the catalogue's projections that put the file's
 * first position near the area's centre, nearest first: the easting says the zone when it carries
 * the zone number (39,500,000), and the area's longitude the central meridian when it does not.
 * Readings within the same 25 km of the centre are all plausible for a county (datums a few tens
 * of metres apart, UTM's scale 0.04 % off Gauss–Krüger's on the same meridian): among them
 * CGCS2000 (today's national system) comes before Xian 1980, Beijing 1954 and UTM, and 3-degree
 * zones (what county surveys use) before 6-degree ones on the same meridian.
 */
export function projectionChoices(features: readonly SourceFeature[], centre: [number, number], max = 8): ProjectionChoice[] {
  const first = firstPosition(features);
  if (!first) return [];
  const families = ['CGCS2000', 'Xian 1980', 'Beijing 1954', 'WGS 84 / UTM'];
  const family = (name: string) => {
    const i = families.findIndex((f) => name.startsWith(f));
    return i < 0 ? families.length : i;
  };
  return PROJECTIONS.flatMap((p, order) => {
    if (!isProjected(p)) return [];
    const [lon, lat] = inverseOf(p.proj4)(first);
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) return [];
    const zone = zoneOf(p);
    if (zone && (lon < zone.from || lon > zone.to)) return [];
    const distanceKm = kmBetween([lon, lat], centre);
    if (distanceKm > MAX_CHOICE_KM) return [];
    const rank = Math.floor(distanceKm / NEAR_KM) * 1e6 + family(p.name) * 1e4 + (/ 3-degree /.test(p.name) ? 0 : 1e3) + order;
    return [{ choice: { code: p.code, name: p.name, distanceKm: Math.round(distanceKm * 10) / 10 }, rank }];
  })
    .sort((a, b) => a.rank - b.rank)
    .slice(0, max)
    .map((c) => c.choice);
}
