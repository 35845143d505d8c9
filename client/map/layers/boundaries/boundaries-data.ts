import { pointOnFeature, multiPolygon } from '@turf/turf';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import type { ChangeSetReport, CellDiff } from '../../../api/boundaries.ts';
import type { Problem } from '../../../boundaries/client-checks.ts';
import type { EditorCell } from '../../../boundaries/editor-cells.ts';

/**
 * Pure shaping of what the editor map draws: terra-draw features per polygon of each cell, and the
 * GeoJSON of problems, impact points, history and stale shapes for the MapLibre layers.
 */

/** terra-draw edits Polygons: a cell of several polygons is one feature per part, `<code>#<part>`. */
const featureId = (code: string, part: number) => `${code}#${part}`;
export const codeOfFeature = (id: string | number) => String(id).split('#')[0]!;
export const partOfFeature = (id: string | number) => Number(String(id).split('#')[1] ?? 0);

export function drawFeatures(cell: EditorCell): Feature<Polygon>[] {
  return cell.geometry.coordinates.map((coordinates, part) => ({
    type: 'Feature',
    id: featureId(cell.code, part),
    geometry: { type: 'Polygon', coordinates },
    properties: { mode: 'polygon', code: cell.code, action: cell.action },
  }));
}

/** The cell's shape with one part replaced by an edited polygon. */
export function withPart(shape: MultiPolygon, part: number, polygon: Polygon): MultiPolygon {
  return { type: 'MultiPolygon', coordinates: shape.coordinates.map((c, i) => (i === part ? polygon.coordinates : c)) };
}

const fc = <G extends Geometry>(features: Feature<G>[]): FeatureCollection<G> => ({ type: 'FeatureCollection', features });

/** Client problems, gaps and the server's findings, tagged so one layer styles them all. */
export function problemFeatures(client: Problem[], gaps: Problem[], report: ChangeSetReport | null): FeatureCollection {
  const features: Feature[] = [
    ...client.map((p) => ({
      type: 'Feature' as const,
      geometry: p.geometry,
      properties: { kind: p.kind, source: 'client', code: p.code },
    })),
    ...gaps.map((p) => ({ type: 'Feature' as const, geometry: p.geometry, properties: { kind: 'gap', source: 'client', code: '' } })),
  ];
  for (const parent of report?.parents ?? []) {
    for (const o of parent.overlaps)
      features.push({ type: 'Feature', geometry: o.geometry, properties: { kind: 'overlap', source: 'server', code: o.code } });
    for (const o of parent.outside)
      features.push({ type: 'Feature', geometry: o.geometry, properties: { kind: 'outside', source: 'server', code: o.code } });
    for (const g of parent.gaps)
      features.push({ type: 'Feature', geometry: g.geometry, properties: { kind: 'gap', source: 'server', households: g.households } });
    for (const s of parent.slivers)
      features.push({ type: 'Feature', geometry: s.geometry, properties: { kind: 'sliver', source: 'server', code: s.code } });
  }
  return fc(features);
}

/** Moved households (count per place) and open incidents, from the report's impact. */
export function impactFeatures(report: ChangeSetReport | null): FeatureCollection {
  const impact = report?.impact;
  if (!impact) return fc([]);
  return fc([
    ...impact.householdPoints.map((p) => ({
      type: 'Feature' as const,
      geometry: { type: 'Point' as const, coordinates: [p.lon, p.lat] },
      properties: { kind: 'household', count: p.count, to: p.toCode ?? '' },
    })),
    ...impact.incidentPoints.map((p) => ({
      type: 'Feature' as const,
      geometry: { type: 'Point' as const, coordinates: [p.lon, p.lat] },
      properties: { kind: 'incident', colour: p.colour, to: p.toCode ?? '' },
    })),
  ]);
}

/** Before (dashed) and after (solid) of one publish, for the history overlay. */
export function diffFeatures(diff: CellDiff[]): FeatureCollection {
  return fc(
    diff.flatMap((d) => [
      ...(d.before ? [{ type: 'Feature' as const, geometry: d.before, properties: { when: 'before', code: d.code } }] : []),
      ...(d.deleted ? [] : [{ type: 'Feature' as const, geometry: d.after, properties: { when: 'after', code: d.code } }]),
    ]),
  );
}

/** Deleted cells, drawn as what they were. */
export function deletedFeatures(cells: EditorCell[]): FeatureCollection {
  return fc(
    cells
      .filter((c) => c.action === 'delete')
      .map((c) => ({ type: 'Feature' as const, geometry: c.geometry, properties: { code: c.code } })),
  );
}

/** Where each live cell's name goes. */
export function cellLabels(cells: EditorCell[]): { code: string; text: string; position: [number, number] }[] {
  return cells
    .filter((c) => c.action !== 'delete')
    .map((c) => {
      const p = pointOnFeature(multiPolygon(c.geometry.coordinates)).geometry.coordinates;
      return { code: c.code, text: c.name, position: [p[0]!, p[1]!] as [number, number] };
    });
}

/** The cells someone else published meanwhile, drawn as their current shapes. */
export function staleFeatures(stale: readonly { code: string; currentGeometry: MultiPolygon | null }[]): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: stale
      .filter((s) => s.currentGeometry)
      .map((s) => ({ type: 'Feature', geometry: s.currentGeometry!, properties: { code: s.code } })),
  };
}

/** The open area's parent outline (nothing before an area is open). */
export function parentFeature(parent: MultiPolygon | null): FeatureCollection {
  return { type: 'FeatureCollection', features: parent ? [{ type: 'Feature', geometry: parent, properties: {} }] : [] };
}

/** The snap indicator where the pointer would land. */
export function snapFeature(snap: { position: Position; kind: string } | null): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: snap ? [{ type: 'Feature', geometry: { type: 'Point', coordinates: snap.position }, properties: { kind: snap.kind } }] : [],
  };
}
