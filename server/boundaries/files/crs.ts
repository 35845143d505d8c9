import gcoordModule from 'gcoord';

// gcoord is CommonJS with an ES-style default in its types: take the object either way.
type Gcoord = (typeof import('gcoord'))['default'];
const gcoord: Gcoord = (gcoordModule as unknown as { default?: Gcoord }).default ?? (gcoordModule as unknown as Gcoord);
import { AppError } from '../../http/app-error.ts';
import type { SourceFeature } from './source-feature.ts';
import type { CrsHint } from './files-contract.ts';
import { inverseOf, projectionByCode, readPrj, zoneOf } from './projections.ts';

/** A feature whose coordinates cannot be read in the system chosen, and why (both languages). */
export interface ProjectionProblem {
  zh: string;
  en: string;
}

/** Features in WGS-84 and those that could not be converted (by index; their geometry is null). */
export interface Converted {
  features: SourceFeature[];
  problems: Map<number, ProjectionProblem>;
}

/**
 * Source coordinate systems to WGS-84. CGCS2000 (EPSG:4490) differs from WGS-84 by centimetres
 * (both are geocentric datums on nearly the same ellipsoid), well inside the editor's 1 m², so its
 * longitudes and latitudes are taken as they are. GCJ-02 (the national web-map offset) and BD-09
 * (Baidu's) are shifted by hundreds of metres and converted by gcoord, a maintained implementation
 * of the published conversion (round trip within 1 cm for GCJ-02, 8 cm for BD-09 at the demo district).
 * A projection of the catalogue ("EPSG:4548") or the file's own ('file', with its `definition`)
 * is inverted by proj4; a feature with a position the projection cannot invert, or outside the
 * longitudes its zone serves, is a problem naming the zone rather than a shape far away.
 */
export function toWgs84(features: SourceFeature[], crs: string, definition?: string): Converted {
  const problems = new Map<number, ProjectionProblem>();
  if (crs === 'wgs84' || crs === 'cgcs2000') return { features, problems };
  if (crs === 'gcj02' || crs === 'bd09') {
    const from = crs === 'gcj02' ? gcoord.GCJ02 : gcoord.BD09;
    const shift = (xy: [number, number]) => gcoord.transform(xy, from, gcoord.WGS84) as [number, number];
    return { features: features.map((f) => ({ ...f, geometry: convert(f.geometry, shift) })), problems };
  }
  const projection = crs === 'file' ? null : projectionByCode(crs);
  const def = projection?.proj4 ?? (crs === 'file' ? definition : undefined);
  if (!def) throw new AppError(422, 'unknown_projection', { crs });
  const inverse = inverseOf(def);
  const zone = projection ? zoneOf(projection) : null;
  const name = projection?.name ?? crs;
  const out = features.map((f, i) => {
    let bad: ProjectionProblem | null = null;
    const geometry = convert(f.geometry, (xy) => {
      const [lon, lat] = inverse(xy);
      if (!bad && (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lat) > 85 || Math.abs(lon) > 180))
        bad = { zh: `坐标 ${xy.join(', ')} 不在 ${name} 的范围内`, en: `coordinates ${xy.join(', ')} are outside ${name}` };
      else if (!bad && zone && (lon < zone.from || lon > zone.to))
        bad = {
          zh: `坐标落在 ${name} 的投影带之外（东经 ${zone.from}°–${zone.to}°），投影带或坐标系可能选错了`,
          en: `the coordinates fall outside the zone of ${name} (${zone.from}°–${zone.to}°E): the zone or system may be wrong`,
        };
      return [lon, lat];
    });
    if (bad) {
      problems.set(i, bad);
      return { ...f, geometry: null };
    }
    return { ...f, geometry };
  });
  return { features: out, problems };
}

/** Positions of any nesting converted, leaving anything that is not a position alone for the checks to refuse. */
function convert(value: unknown, to: (xy: [number, number]) => [number, number]): unknown {
  if (!value || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    if (
      value.length >= 2 &&
      typeof value[0] === 'number' &&
      typeof value[1] === 'number' &&
      Number.isFinite(value[0]) &&
      Number.isFinite(value[1])
    )
      return to([value[0], value[1]]);
    return value.map((v) => convert(v, to));
  }
  const o = value as Record<string, unknown>;
  return 'coordinates' in o ? { ...o, coordinates: convert(o.coordinates, to) } : o;
}

/**
 * What a .prj (or a GeoPackage's WKT) says: a geographic system by its datum, a projection of the
 * catalogue, another projection proj4 reads ('file', with its definition), or not known (the
 * operator chooses from the catalogue, and the preview suggests the zones that put the file here).
 */
export function crsFromPrj(prj: string | null): CrsHint & { definition?: string } {
  if (!prj) return { crs: null, reason: 'no .prj: the coordinate system is not stated', reasonZh: '没有 .prj：文件未说明坐标系' };
  const read = readPrj(prj);
  if (read.kind === 'projected')
    return {
      crs: read.projection.code,
      reason: `.prj: ${read.name}`,
      projection: { code: read.projection.code, name: read.projection.name },
    };
  if (read.kind === 'other')
    return { crs: 'file', reason: `.prj: ${read.name}`, projection: { code: null, name: read.name }, definition: read.definition };
  if (read.kind === 'geographic') {
    const [a, rf] = read.ellipsoid ?? [0, 0];
    if (/China_?Geodetic_?Coordinate_?System_?2000|China_?2000|CGCS[ _]?2000/i.test(`${read.name} ${read.datum}`))
      return { crs: 'cgcs2000', reason: '.prj: CGCS2000' };
    if (/WGS[ _]?(19)?84/i.test(`${read.name} ${read.datum}`)) return { crs: 'wgs84', reason: '.prj: WGS 84' };
    if (a === 6378245 || /Beijing/i.test(read.datum)) return { crs: 'EPSG:4214', reason: `.prj: ${read.name} (Beijing 1954)` };
    if ((a === 6378140 && Math.abs(rf - 298.257) < 1e-3) || /Xian/i.test(read.datum))
      return { crs: 'EPSG:4610', reason: `.prj: ${read.name} (Xian 1980)` };
    return { crs: null, reason: `.prj: ${read.name}` };
  }
  if (/^\s*PROJCS/i.test(prj))
    return {
      crs: null,
      reason: `unknown projection ${read.name}`,
      reasonZh: `不认识的投影 ${read.name}`,
      projection: { code: null, name: read.name },
    };
  return { crs: null, reason: `.prj: ${prj.slice(0, 80)}` };
}

/** What a GeoJSON says: the legacy `crs` member, else RFC 7946's WGS-84; DataV downloads are GCJ-02 by common account. */
export function crsFromGeoJson(root: Record<string, unknown>, features: SourceFeature[]): CrsHint {
  const name = (root.crs as { properties?: { name?: unknown } } | undefined)?.properties?.name;
  if (typeof name === 'string') {
    if (/CRS84|EPSG:*4326$/i.test(name)) return { crs: 'wgs84', reason: `crs: ${name}` };
    if (/EPSG:*4490$/i.test(name)) return { crs: 'cgcs2000', reason: `crs: ${name}` };
    // GDAL writes a projected GeoJSON's system as urn:ogc:def:crs:EPSG::4548.
    const code = /EPSG:*([0-9]{4,5})$/i.exec(name)?.[1];
    const projection = code ? projectionByCode(`EPSG:${code}`) : undefined;
    if (projection) return { crs: projection.code, reason: `crs: ${name}`, projection: { code: projection.code, name: projection.name } };
    return { crs: null, reason: `crs: ${name}`, ...(code ? { projection: { code: `EPSG:${code}`, name } } : {}) };
  }
  const p = features[0]?.properties ?? {};
  if ('adcode' in p && ('acroutes' in p || 'childrenNum' in p))
    return {
      crs: 'gcj02',
      reason: 'DataV GeoAtlas attributes (adcode, acroutes): usually GCJ-02',
      reasonZh: '有 DataV 地图选择器的属性（adcode、acroutes）：通常为 GCJ-02',
    };
  return {
    crs: 'wgs84',
    reason: 'GeoJSON (RFC 7946) is WGS-84 unless it says otherwise',
    reasonZh: 'GeoJSON（RFC 7946）未另行说明即为 WGS-84',
  };
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
