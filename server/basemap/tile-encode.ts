import vtpbf from 'vt-pbf';

/** Tile extent (pixels per tile side in tile coordinates). */
export const TILE_EXTENT = 4096;

/** One row from the tile query: a feature already in tile coordinates. */
export interface TileRow {
  layer: string;
  props: Record<string, string | number | null>;
  geometry: GeoJsonGeometry | null;
}

type Position = number[];
/** The subset of GeoJSON geometry the tile query can return. */
type GeoJsonGeometry =
  | { type: 'Point'; coordinates: Position }
  | { type: 'MultiPoint'; coordinates: Position[] }
  | { type: 'LineString'; coordinates: Position[] }
  | { type: 'MultiLineString'; coordinates: Position[][] }
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] }
  | { type: 'GeometryCollection'; geometries: GeoJsonGeometry[] };

/** A feature in the shape vt-pbf reads (geojson-vt's tile feature). */
interface VtFeature {
  type: 1 | 2 | 3;
  geometry: Position[][] | Position[];
  tags: Record<string, string | number>;
}

/** Splits a GeoJSON geometry into MVT features of one type each; degenerate parts are dropped. */
export function toVtFeatures(geometry: GeoJsonGeometry, tags: VtFeature['tags']): VtFeature[] {
  switch (geometry.type) {
    case 'Point':
      return [{ type: 1, geometry: [geometry.coordinates], tags }];
    case 'MultiPoint':
      return geometry.coordinates.length ? [{ type: 1, geometry: geometry.coordinates, tags }] : [];
    case 'LineString':
      return geometry.coordinates.length >= 2 ? [{ type: 2, geometry: [geometry.coordinates], tags }] : [];
    case 'MultiLineString': {
      const lines = geometry.coordinates.filter((l) => l.length >= 2);
      return lines.length ? [{ type: 2, geometry: lines, tags }] : [];
    }
    case 'Polygon':
    case 'MultiPolygon': {
      const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
      const rings = polys.flatMap((p) => p.filter((r) => r.length >= 4));
      return rings.length ? [{ type: 3, geometry: rings, tags }] : [];
    }
    case 'GeometryCollection':
      return geometry.geometries.flatMap((g) => toVtFeatures(g, tags));
  }
}

/** Encodes rows into a Mapbox Vector Tile (protobuf). */
export function encodeTile(rows: readonly TileRow[]): Uint8Array {
  const layers: Record<string, { features: VtFeature[] }> = {};
  for (const row of rows) {
    if (!row.geometry) continue;
    const tags: VtFeature['tags'] = {};
    for (const [k, v] of Object.entries(row.props)) if (v !== null) tags[k] = v;
    (layers[row.layer] ??= { features: [] }).features.push(...toVtFeatures(row.geometry, tags));
  }
  return vtpbf.fromGeojsonVt(layers as never, { version: 2, extent: TILE_EXTENT });
}
