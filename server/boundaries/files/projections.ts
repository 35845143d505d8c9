import { readFileSync } from 'node:fs';
import proj4 from 'proj4';
import { childrenOf, findNode, nameOf, parseWkt, type WktNode } from './wkt.ts';

/** A coordinate system of the catalogue (geodata/projections.json, from GDAL's EPSG database). */
export interface Projection {
  code: string;
  name: string;
  proj4: string;
}

/**
 * The systems a survey office delivers in: CGCS2000, Xian 1980 and Beijing 1954, geographic and
 * in each Gauss–Krüger family (6- and 3-degree zones, with or without the zone number in front of
 * the easting); Web Mercator; WGS 84 / UTM over China. geodata/build-projections.ts writes it.
 */
export const PROJECTIONS: readonly Projection[] = JSON.parse(
  readFileSync(new URL('../../../geodata/projections.json', import.meta.url), 'utf8'),
) as Projection[];

const BY_CODE = new Map(PROJECTIONS.map((p) => [p.code, p]));

/** A catalogue entry by its code ("EPSG:4548"), or undefined. */
export const projectionByCode = (code: string): Projection | undefined => BY_CODE.get(code.toUpperCase());

/** A proj4 definition's parameters (`+lon_0=117` → lon_0: '117'). */
function paramsOf(def: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of def.matchAll(/\+([a-z_0-9]+)(?:=(\S+))?/g)) out[m[1]!] = m[2] ?? '';
  return out;
}

/** Semi-major axis and inverse flattening of the ellipsoids the catalogue names. */
const ELLIPSOIDS: Record<string, [number, number]> = {
  GRS80: [6378137, 298.257222101],
  WGS84: [6378137, 298.257223563],
  IAU76: [6378140, 298.257],
  krass: [6378245, 298.3],
};

/** The catalogue's Gauss–Krüger and UTM entries with their parameters, for matching a .prj by value. */
const TRANSVERSE = PROJECTIONS.flatMap((p) => {
  const q = paramsOf(p.proj4);
  const proj = q.proj === 'utm' ? 'utm' : q.proj;
  if (proj !== 'tmerc' && proj !== 'utm') return [];
  const ellipsoid = ELLIPSOIDS[q.ellps ?? q.datum ?? ''];
  if (!ellipsoid) return [];
  const zone = Number(q.zone);
  return [
    {
      projection: p,
      lon0: proj === 'utm' ? zone * 6 - 183 : Number(q.lon_0),
      x0: proj === 'utm' ? 500000 : Number(q.x_0),
      y0: proj === 'utm' ? 0 : Number(q.y_0),
      k: proj === 'utm' ? 0.9996 : Number(q.k),
      lat0: proj === 'utm' ? 0 : Number(q.lat_0),
      ellipsoid,
    },
  ];
});

/** How a .prj reads against the catalogue. */
export type PrjReading =
  | { kind: 'geographic'; name: string; datum: string; ellipsoid: [number, number] | null }
  | { kind: 'projected'; name: string; projection: Projection }
  | { kind: 'other'; name: string; definition: string }
  | { kind: 'unknown'; name: string };

const near = (a: number, b: number, tolerance: number) => Math.abs(a - b) <= tolerance;

/**
 * Reads a .prj (WKT1, OGC or ESRI dialect): a projected system is found in the catalogue by its
 * EPSG authority or, as ESRI's .prj files carry none, by its parameters (Gauss–Krüger by central
 * meridian, false easting and northing, scale and ellipsoid; Web Mercator by name); any other
 * projection proj4 can read is used from the file's own definition.
 */
export function readPrj(text: string): PrjReading {
  const root = parseWkt(text);
  if (!root) return { kind: 'unknown', name: text.trim().slice(0, 80) };
  const name = nameOf(root);
  const spheroid = findNode(root, 'SPHEROID') ?? findNode(root, 'ELLIPSOID');
  const a = Number(spheroid?.args[1]);
  const rf = Number(spheroid?.args[2]);
  const ellipsoid: [number, number] | null = Number.isFinite(a) && Number.isFinite(rf) ? [a, rf] : null;
  if (root.key === 'GEOGCS') return { kind: 'geographic', name, datum: nameOf(findNode(root, 'DATUM')), ellipsoid };
  if (root.key !== 'PROJCS') return { kind: 'unknown', name: name || root.key };
  const authority = childrenOf(root, 'AUTHORITY')[0];
  const byAuthority =
    authority && nameOf(authority).toUpperCase() === 'EPSG' ? projectionByCode(`EPSG:${String(authority.args[1])}`) : undefined;
  if (byAuthority) return { kind: 'projected', name, projection: byAuthority };
  const method = nameOf(childrenOf(root, 'PROJECTION')[0] ?? null).toLowerCase();
  const param = parametersOf(root);
  const unit = Number(childrenOf(root, 'UNIT')[0]?.args[1] ?? 1);
  if (/mercator_auxiliary_sphere|pseudo.?mercator|web.?mercator/i.test(`${method} ${name}`))
    return { kind: 'projected', name, projection: projectionByCode('EPSG:3857')! };
  if ((method === 'transverse_mercator' || method === 'gauss_kruger') && ellipsoid && near(unit, 1, 1e-9)) {
    const matches = TRANSVERSE.filter(
      (t) =>
        near(t.lon0, param.central_meridian ?? NaN, 1e-9) &&
        near(t.x0, param.false_easting ?? NaN, 1e-6) &&
        near(t.y0, param.false_northing ?? 0, 1e-6) &&
        near(t.k, param.scale_factor ?? 1, 1e-9) &&
        near(t.lat0, param.latitude_of_origin ?? 0, 1e-9) &&
        near(t.ellipsoid[0], ellipsoid[0], 0.5) &&
        near(t.ellipsoid[1], ellipsoid[1], 1e-4),
    );
    // A 6-degree and a 3-degree zone on the same meridian are the same projection; the name tells which was meant.
    const three = /3.?degree/i.test(name);
    const match = matches.find((t) => / 3-degree /.test(t.projection.name) === three) ?? matches[0];
    if (match) return { kind: 'projected', name, projection: match.projection };
  }
  return definitionWorks(text) ? { kind: 'other', name, definition: text.trim() } : { kind: 'unknown', name };
}

/** PARAMETER["False_Easting",500000] … as lower-case names to numbers. */
function parametersOf(root: WktNode): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of childrenOf(root, 'PARAMETER')) out[nameOf(p).toLowerCase()] = Number(p.args[1]);
  return out;
}

/** Whether proj4 reads a definition and projects a point with it both ways. */
function definitionWorks(definition: string): boolean {
  try {
    const [lon, lat] = proj4(definition).inverse(proj4(definition).forward([110, 30]));
    return near(lon!, 110, 1e-6) && near(lat!, 30, 1e-6);
  } catch {
    return false;
  }
}

/**
 * A position converter from a definition to WGS-84 longitude and latitude. Xian 1980 and Beijing
 * 1954 carry no datum shift here (EPSG publishes none for the whole country): their coordinates are
 * read on their own ellipsoids, which can leave the shapes some tens of metres off (said at preview).
 */
export function inverseOf(definition: string): (xy: [number, number]) => [number, number] {
  const converter = proj4(definition, 'WGS84');
  return (xy) => converter.forward(xy) as [number, number];
}

/**
 * The longitudes a Gauss–Krüger or UTM entry is read in: its zone and twice as much again either
 * side (the projection stays exact to the millimetre that far out, and a county delivered in its
 * neighbour zone's system still reads right); beyond, the zone or its number in the easting is wrong.
 */
export function zoneOf(p: Projection): { from: number; to: number } | null {
  const t = TRANSVERSE.find((x) => x.projection === p);
  if (!t) return null;
  const half = / 3-degree /.test(p.name) ? 1.5 : 3;
  return { from: t.lon0 - 3 * half, to: t.lon0 + 3 * half };
}

/** Whether an entry is a projection (metres) rather than a geographic system. */
export const isProjected = (p: Projection): boolean => !/\+proj=longlat/.test(p.proj4);

/** Whether an entry keeps its datum without a shift to WGS-84 (Beijing 1954, Xian 1980). */
export const lacksDatumShift = (p: Projection): boolean => /\+ellps=(krass|IAU76)/.test(p.proj4);
