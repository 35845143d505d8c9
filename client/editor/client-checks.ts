import { area, bbox, booleanIntersects, difference, featureCollection, intersect, kinks, multiPolygon, polygon, union } from '@turf/turf';
import type { Feature, Geometry, MultiPolygon, Polygon, Position } from 'geojson';

/**
 * The editor's instant checks, with Turf, run on every change of a cell: self-intersections,
 * overlaps with siblings, parts outside the parent and slivers, each with where it is. PostGIS
 * repeats them authoritatively (with gaps and households) when the draft is saved and published.
 */

/** Below this (m²) an overlap or a part outside is drawing noise (the server's tolerance too). */
export const AREA_TOLERANCE_M2 = 1;
/** A polygon of a cell smaller than this (m²) is a sliver. */
export const SLIVER_M2 = 100;

export interface Problem {
  kind: 'self_intersection' | 'overlap' | 'outside' | 'sliver' | 'gap';
  code: string;
  /** The sibling, for an overlap. */
  other?: string;
  areaM2?: number;
  geometry: Geometry;
}

type Box = [number, number, number, number];
const boxesMeet = (a: Box, b: Box) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
const asFeature = (g: MultiPolygon): Feature<MultiPolygon> => multiPolygon(g.coordinates);

/** One cell's problems against its siblings (with their boxes, computed once per state) and its parent. */
export function checkCell(
  code: string,
  shape: MultiPolygon,
  siblings: { code: string; geometry: MultiPolygon; box: Box }[],
  parent: MultiPolygon | null,
): Problem[] {
  const problems: Problem[] = [];
  const cell = asFeature(shape);
  const crossings: Position[] = [];
  for (const poly of shape.coordinates) {
    for (const k of kinks(polygon(poly)).features) crossings.push(k.geometry.coordinates);
    const a = area(polygon(poly));
    if (a < SLIVER_M2) problems.push({ kind: 'sliver', code, areaM2: a, geometry: { type: 'Polygon', coordinates: poly } });
  }
  if (crossings.length > 0) {
    // Overlay operations on a self-intersecting ring are undefined: report the crossings alone.
    problems.push({ kind: 'self_intersection', code, geometry: { type: 'MultiPoint', coordinates: crossings } });
    return problems;
  }
  const box = bbox(cell) as Box;
  for (const s of siblings) {
    if (s.code === code || !boxesMeet(box, s.box)) continue;
    const overlap = safe(() => intersect(featureCollection([cell, asFeature(s.geometry)])));
    const a = overlap ? area(overlap) : 0;
    if (overlap && a > AREA_TOLERANCE_M2) problems.push({ kind: 'overlap', code, other: s.code, areaM2: a, geometry: overlap.geometry });
  }
  if (parent) {
    const outside = safe(() => difference(featureCollection([cell, asFeature(parent)])));
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

/** Boxes of sibling shapes, for the overlap pre-filter. */
export const withBoxes = (cells: { code: string; geometry: MultiPolygon }[]) =>
  cells.map((c) => ({ ...c, box: bbox(asFeature(c.geometry)) as Box }));

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
