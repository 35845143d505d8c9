import { area, booleanIntersects, difference, featureCollection, intersect, multiPolygon, polygon, union } from '@turf/turf';
import type { Feature, Geometry, MultiPolygon, Polygon } from 'geojson';
import { AREA_TOLERANCE_M2, SLIVER_M2 } from '../../server/boundaries/boundaries-contract.ts';
import { indexShape, interiorsMeet, leaves, selfCrossings, type ShapeIndex } from './shape-index.ts';

/**
 * The editor's instant checks, run on every change of a cell: self-intersections, overlaps with
 * siblings, parts outside the parent and slivers, each with where it is (measured by Turf). PostGIS
 * repeats them authoritatively (with gaps and households) when the draft is saved and published.
 */

// The tolerances are the server's: an overlap or a part outside below AREA_TOLERANCE_M2 is drawing noise; a polygon under SLIVER_M2 is a sliver.

export interface Problem {
  kind: 'self_intersection' | 'overlap' | 'outside' | 'sliver' | 'gap';
  code: string;
  /** The sibling, for an overlap. */
  other?: string;
  areaM2?: number;
  geometry: Geometry;
}

/** A shape with its segment index, built once per state for the cells that are not being dragged. */
export interface Indexed {
  geometry: MultiPolygon;
  index: ShapeIndex;
}
export const indexed = (geometry: MultiPolygon): Indexed => ({ geometry, index: indexShape(geometry) });

const asFeature = (g: MultiPolygon): Feature<MultiPolygon> => multiPolygon(g.coordinates);

/**
 * One cell's problems against its siblings and its parent. The fast predicates of shape-index.ts
 * decide whether there is anything to find; Turf then measures and outlines only that.
 */
export function checkCell(code: string, shape: MultiPolygon, siblings: (Indexed & { code: string })[], parent: Indexed | null): Problem[] {
  const problems: Problem[] = [];
  const own = indexShape(shape);
  for (const poly of shape.coordinates) {
    const a = area(polygon(poly));
    if (a < SLIVER_M2) problems.push({ kind: 'sliver', code, areaM2: a, geometry: { type: 'Polygon', coordinates: poly } });
  }
  const crossed = selfCrossings(own);
  if (crossed.length > 0) {
    // Overlay operations on a self-intersecting ring are undefined: report the crossings alone.
    problems.push({ kind: 'self_intersection', code, geometry: { type: 'MultiPoint', coordinates: crossed } });
    return problems;
  }
  const cell = asFeature(shape);
  for (const s of siblings) {
    if (s.code === code || !interiorsMeet(own, s.index)) continue;
    const overlap = safe(() => intersect(featureCollection([cell, asFeature(s.geometry)])));
    const a = overlap ? area(overlap) : 0;
    if (overlap && a > AREA_TOLERANCE_M2) problems.push({ kind: 'overlap', code, other: s.code, areaM2: a, geometry: overlap.geometry });
  }
  if (parent && leaves(own, parent.index)) {
    const outside = safe(() => difference(featureCollection([cell, asFeature(parent.geometry)])));
    const a = outside ? area(outside) : 0;
    if (outside && a > AREA_TOLERANCE_M2) problems.push({ kind: 'outside', code, areaM2: a, geometry: outside.geometry });
  }
  return problems;
}

/** The parts of the parent no cell covers (larger than the tolerance): slower, run when an edit ends. */
export function findGaps(cells: MultiPolygon[], parent: MultiPolygon): Problem[] {
  if (cells.length === 0) return [{ kind: 'gap', code: '', areaM2: area(asFeature(parent)), geometry: parent }];
  const covered = cells.length === 1 ? asFeature(cells[0]!) : safe(() => union(featureCollection(cells.map(asFeature))));
  if (!covered) return [];
  const left = safe(() => difference(featureCollection([asFeature(parent), covered as Feature<Polygon | MultiPolygon>])));
  if (!left) return [];
  const parts: Polygon['coordinates'][] = left.geometry.type === 'Polygon' ? [left.geometry.coordinates] : left.geometry.coordinates;
  return parts
    .map((coordinates) => ({ coordinates, a: area(polygon(coordinates)) }))
    .filter((p) => p.a > AREA_TOLERANCE_M2)
    .map((p) => ({ kind: 'gap' as const, code: '', areaM2: p.a, geometry: { type: 'Polygon' as const, coordinates: p.coordinates } }));
}

/** Sibling shapes with their indexes, built once per state. */
export const withIndexes = (cells: { code: string; geometry: MultiPolygon }[]) =>
  cells.map((c) => ({ code: c.code, ...indexed(c.geometry) }));

/** Whether two shapes touch or overlap (neighbours a merge may join). */
export const touches = (a: MultiPolygon, b: MultiPolygon) => booleanIntersects(asFeature(a), asFeature(b));

function safe<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch {
    // Turf's overlay throws on degenerate input mid-edit; the server's check is the authority.
    return null;
  }
}
