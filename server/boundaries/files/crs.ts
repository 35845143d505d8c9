import gcoordModule from 'gcoord';

// gcoord is CommonJS with an ES-style default in its types: take the object either way.
type Gcoord = (typeof import('gcoord'))['default'];
const gcoord: Gcoord = (gcoordModule as unknown as { default?: Gcoord }).default ?? (gcoordModule as unknown as Gcoord);
import type { SourceFeature } from './source-feature.ts';
import type { CrsHint, SourceCrs } from './files-contract.ts';

/**
 * Source coordinate systems to WGS-84. CGCS2000 (EPSG:4490) differs from WGS-84 by centimetres
 * (both are geocentric datums on nearly the same ellipsoid), well inside the editor's 1 m², so its
 * longitudes and latitudes are taken as they are. GCJ-02 (the national web-map offset) and BD-09
 * (Baidu's) are shifted by hundreds of metres and converted by gcoord, a maintained implementation
 * of the published conversion (round trip within 1 cm for GCJ-02, 8 cm for BD-09 at the demo district).
 */
export function toWgs84(features: SourceFeature[], crs: SourceCrs): SourceFeature[] {
  if (crs === 'wgs84' || crs === 'cgcs2000') return features;
  const from = crs === 'gcj02' ? gcoord.GCJ02 : gcoord.BD09;
  return features.map((f) => ({ ...f, geometry: convert(f.geometry, from) }));
}

/** Positions of any nesting converted, leaving anything that is not a position alone for the checks to refuse. */
function convert(value: unknown, from: Gcoord['GCJ02'] | Gcoord['BD09']): unknown {
  if (!value || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    if (
      value.length >= 2 &&
      typeof value[0] === 'number' &&
      typeof value[1] === 'number' &&
      Number.isFinite(value[0]) &&
      Number.isFinite(value[1])
    )
      return gcoord.transform([value[0], value[1]] as [number, number], from, gcoord.WGS84);
    return value.map((v) => convert(v, from));
  }
  const o = value as Record<string, unknown>;
  return 'coordinates' in o ? { ...o, coordinates: convert(o.coordinates, from) } : o;
}

/** What a Shapefile's .prj says. Projected systems (metres) are named so the operator can re-export. */
export function crsFromPrj(prj: string | null): CrsHint {
  if (!prj) return { crs: null, reason: 'no .prj: the coordinate system is not stated' };
  if (/^\s*PROJCS/i.test(prj)) return { crs: null, reason: `projected (${prj.match(/PROJCS\["([^"]+)"/i)?.[1] ?? 'metres'})` };
  if (/China_?Geodetic_?Coordinate_?System_?2000|CGCS[ _]?2000|4490/i.test(prj)) return { crs: 'cgcs2000', reason: '.prj: CGCS2000' };
  if (/WGS[ _]?(19)?84/i.test(prj)) return { crs: 'wgs84', reason: '.prj: WGS 84' };
  return { crs: null, reason: `.prj: ${prj.slice(0, 80)}` };
}

/** What a GeoJSON says: the legacy `crs` member, else RFC 7946's WGS-84; DataV downloads are GCJ-02 by common account. */
export function crsFromGeoJson(root: Record<string, unknown>, features: SourceFeature[]): CrsHint {
  const name = (root.crs as { properties?: { name?: unknown } } | undefined)?.properties?.name;
  if (typeof name === 'string') {
    if (/4490/.test(name)) return { crs: 'cgcs2000', reason: `crs: ${name}` };
    if (/CRS84|4326/.test(name)) return { crs: 'wgs84', reason: `crs: ${name}` };
    return { crs: null, reason: `crs: ${name}` };
  }
  const p = features[0]?.properties ?? {};
  if ('adcode' in p && ('acroutes' in p || 'childrenNum' in p))
    return { crs: 'gcj02', reason: 'DataV GeoAtlas attributes (adcode, acroutes): usually GCJ-02' };
  return { crs: 'wgs84', reason: 'GeoJSON (RFC 7946) is WGS-84 unless it says otherwise' };
}

/**
 * Whether a file's coordinates are degrees rather than projected metres: projected coordinates of
 * any zone are hundreds of thousands of metres, so anything within ±1,000 is taken as degrees
 * (degrees outside ±180/±90 are then named per feature by the geometry check, not mistaken for a projection).
 */
export function looksGeographic(features: SourceFeature[]): boolean {
  const visit = (v: unknown): boolean => {
    if (!Array.isArray(v)) return true;
    if (typeof v[0] === 'number' && typeof v[1] === 'number') return Math.abs(v[0]) <= DEGREE_LIKE && Math.abs(v[1]) <= DEGREE_LIKE;
    return v.every(visit);
  };
  return features.slice(0, 50).every((f) => visit((f.geometry as { coordinates?: unknown } | null)?.coordinates));
}

/** Above this a coordinate is metres of a projection, not degrees. */
const DEGREE_LIKE = 1000;
