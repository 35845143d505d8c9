import { centroid, clipHalfPlane, insetPolygon, insideWithMargins, rotate, signedArea, type MarginPolygon, type Vec } from './geometry.ts';
import type { LandUse } from './land-use.ts';
import type { Rng } from './random.ts';

/** What a building is used for. */
export type BuildingKind = 'residential' | 'house' | 'public' | 'commercial' | 'industrial';

/** A footprint planned in local metres. */
export interface PlannedBuilding {
  ring: Vec[];
  kind: BuildingKind;
  floors: number;
  /** Stair units (单元) for apartment blocks; 1 otherwise. */
  units: number;
  /** Dwellings the building can hold. */
  capacity: number;
  /** Index of the compound it stands in, within its block, or -1. */
  compound: number;
}

/** A compound (小区) planned inside a residential block. */
interface PlannedCompound {
  ring: Vec[];
}

const WALL_SETBACK_M = 5;

function rectangle(centre: Vec, length: number, depth: number, angle: number): Vec[] {
  const h: Vec[] = [
    [-length / 2, -depth / 2],
    [length / 2, -depth / 2],
    [length / 2, depth / 2],
    [-length / 2, depth / 2],
  ];
  return h.map((p) => {
    const r = rotate(p, angle);
    return [centre[0] + r[0], centre[1] + r[1]] as Vec;
  });
}

function fits(poly: MarginPolygon, ring: readonly Vec[]): boolean {
  return ring.every((p) => insideWithMargins(poly, p));
}

function bounds(points: readonly Vec[]): [number, number, number, number] {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** Splits a block into compounds with cuts across its longest extent. */
function splitCompounds(block: MarginPolygon, rng: Rng): MarginPolygon[] {
  const area = signedArea(block.points);
  const parts = Math.max(1, Math.min(3, Math.floor(area / 15_000)));
  if (parts === 1) return [block];
  const [minX, minY, maxX, maxY] = bounds(block.points);
  const alongX = maxX - minX > maxY - minY;
  const out: MarginPolygon[] = [];
  let rest = block;
  for (let k = 1; k < parts; k++) {
    const t = k / parts + rng.range(-0.06, 0.06);
    const at: Vec = alongX ? [minX + t * (maxX - minX), 0] : [0, minY + t * (maxY - minY)];
    // Keep the part before the cut, carry the rest on.
    const dirBefore: Vec = alongX ? [0, -1] : [1, 0];
    const dirAfter: Vec = alongX ? [0, 1] : [-1, 0];
    out.push(clipHalfPlane(rest, at, dirBefore, WALL_SETBACK_M));
    rest = clipHalfPlane(rest, at, dirAfter, WALL_SETBACK_M);
  }
  out.push(rest);
  return out.filter((p) => p.points.length >= 3 && signedArea(p.points) > 1500);
}

/** Rows of apartment blocks facing south (坐北朝南), spaced for sunlight. */
function apartmentRows(compound: MarginPolygon, index: number, rng: Rng): PlannedBuilding[] {
  const style = rng.pick(['old', 'old', 'old', 'old', 'old', 'old', 'mid', 'mid', 'mid', 'high'] as const);
  const floors = style === 'old' ? rng.int(5, 6) : style === 'mid' ? rng.int(7, 11) : rng.int(15, 18);
  const units = style === 'high' ? 1 : rng.int(2, 3);
  const length = units * rng.range(13, 16);
  const depth = rng.range(11, 14);
  const gapX = rng.range(9, 16);
  const pitchY = depth + Math.max(16, floors * 3 * 0.9);
  const angle = rng.range(-0.17, 0.17);
  const [minX, minY, maxX, maxY] = bounds(compound.points);
  const out: PlannedBuilding[] = [];
  for (let y = minY + depth / 2; y < maxY; y += pitchY) {
    const shift = rng.range(0, length + gapX);
    for (let x = minX + length / 2 - shift; x < maxX; x += length + gapX) {
      const ring = rectangle([x, y], length, depth, angle);
      if (!fits(compound, ring)) continue;
      out.push({ ring, kind: 'residential', floors, units, capacity: floors * units * 2, compound: index });
    }
  }
  return out;
}

/** A handful of large footprints for schools, offices, shops or factories. */
function largeBuildings(block: MarginPolygon, kind: BuildingKind, rng: Rng): PlannedBuilding[] {
  const count = kind === 'industrial' ? rng.int(2, 4) : rng.int(1, 3);
  const centre = centroid(block.points);
  const out: PlannedBuilding[] = [];
  for (let tries = 0; tries < 30 && out.length < count; tries++) {
    const length = kind === 'industrial' ? rng.range(60, 110) : rng.range(35, 70);
    const depth = kind === 'industrial' ? rng.range(25, 45) : rng.range(15, 22);
    const p: Vec = [centre[0] + rng.range(-60, 60), centre[1] + rng.range(-60, 60)];
    const ring = rectangle(p, length, depth, rng.range(-0.2, 0.2));
    if (!fits(block, ring)) continue;
    if (out.some((b) => ring.some((q) => insideWithMargins({ points: b.ring, margins: [-4, -4, -4, -4] }, q)))) continue;
    const floors = kind === 'industrial' ? rng.int(1, 2) : rng.int(3, 8);
    out.push({ ring, kind, floors, units: 1, capacity: 0, compound: -1 });
  }
  return out;
}

/** A village: a cluster of courtyard houses around a point inside the block. */
function villageHouses(block: MarginPolygon, rng: Rng): PlannedBuilding[] {
  const centre = centroid(block.points);
  const area = signedArea(block.points);
  const radius = Math.sqrt(area) * rng.range(0.09, 0.14);
  const pitch = rng.range(19, 24);
  const angle = rng.range(-0.2, 0.2);
  const out: PlannedBuilding[] = [];
  for (let y = -radius; y <= radius; y += pitch) {
    for (let x = -radius; x <= radius; x += pitch) {
      if (Math.hypot(x, y) > radius * rng.range(0.8, 1.1)) continue;
      if (rng.chance(0.12)) continue;
      const r = rotate([x + rng.range(-2, 2), y + rng.range(-2, 2)], angle);
      const ring = rectangle([centre[0] + r[0], centre[1] + r[1]], rng.range(11, 15), rng.range(9, 12), angle);
      if (!fits(block, ring)) continue;
      out.push({ ring, kind: 'house', floors: rng.int(1, 3), units: 1, capacity: rng.chance(0.25) ? 2 : 1, compound: -1 });
    }
  }
  return out;
}

/** Plans compounds and buildings for one block. */
export function planBlock(
  block: MarginPolygon,
  landUse: LandUse,
  rng: Rng,
): { compounds: PlannedCompound[]; buildings: PlannedBuilding[] } {
  switch (landUse) {
    case 'residential': {
      const parts = splitCompounds(block, rng);
      return {
        compounds: parts.map((p) => ({ ring: insetPolygon(p, 0.5) })),
        buildings: parts.flatMap((p, i) => apartmentRows(p, i, rng)),
      };
    }
    case 'public':
    case 'commercial':
    case 'industrial':
      return { compounds: [], buildings: largeBuildings(block, landUse, rng) };
    case 'village':
      return { compounds: [], buildings: villageHouses(block, rng) };
    default:
      return { compounds: [], buildings: [] };
  }
}
