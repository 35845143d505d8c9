import type { Db } from '../db/db.ts';
import { AppError, invalidParameter } from '../http/app-error.ts';
import { secureRouter, type RouteSpec } from '../http/route-registry.ts';
import { parseBbox } from '../grids/grids-params.ts';
import { buildBasemapStyle, type DistrictExtent } from './basemap-style.ts';
import { encodeTile, TILE_EXTENT, type TileRow } from './tile-encode.ts';
import { SELECT_BASEMAP_TILE, SELECT_DISTRICT_EXTENT, SELECT_PLACE_LABELS, SELECT_ROAD_LABELS } from './tiles-sql.ts';

const TILE_BUFFER = 64 / TILE_EXTENT;
const MIN_TILE_ZOOM = 0;
const MAX_TILE_ZOOM = 18;

function parseTileCoord(value: string, name: string, max: number): number {
  if (!/^\d{1,7}$/.test(value) || Number(value) > max) {
    throw invalidParameter(name, `应为 0 到 ${max} 的整数`, `expected an integer from 0 to ${max}`);
  }
  return Number(value);
}

/**
 * Base-map routes: the style, vector tiles and label anchors, all from our own database.
 * The base map is the district's public geography (roads, water, blocks, footprints), so any
 * signed-in viewer may read all of it; nothing on it names or counts people.
 */
export function basemapRoutes(db: Db, registry: RouteSpec[]) {
  const r = secureRouter(db, registry, '/api/basemap');
  const extent = async (): Promise<(DistrictExtent & { seed: string; scale: string }) | null> =>
    (await db.query<DistrictExtent & { seed: string; scale: string }>(SELECT_DISTRICT_EXTENT))[0] ?? null;

  r.get('/style.json', 'basemap:read', async (req, res) => {
    const e = await extent();
    if (!e) throw new AppError(404, 'not_found');
    const origin = `${req.protocol}://${req.get('host')}`;
    res.json(buildBasemapStyle(origin, e, `${e.seed}-${e.scale}`));
  });

  r.get('/tiles/:z/:x/:y.pbf', 'basemap:read', async (req, res) => {
    const z = parseTileCoord(String(req.params.z), 'z', MAX_TILE_ZOOM);
    if (z < MIN_TILE_ZOOM) throw invalidParameter('z', '缩放级别过小', 'zoom too small');
    const x = parseTileCoord(String(req.params.x), 'x', 2 ** z - 1);
    const y = parseTileCoord(String(req.params.y), 'y', 2 ** z - 1);
    const rows = await db.query<TileRow>(SELECT_BASEMAP_TILE, [z, x, y, TILE_EXTENT, TILE_BUFFER]);
    // The version in the URL changes when the data does, so tiles may be cached hard.
    res.set('Cache-Control', 'private, max-age=86400');
    res.type('application/vnd.mapbox-vector-tile').send(Buffer.from(encodeTile(rows)));
  });

  r.get('/labels', 'basemap:read', async (req, res) => {
    if (typeof req.query.bbox !== 'string') throw invalidParameter('bbox', '必填', 'required');
    const bbox = parseBbox(req.query.bbox);
    const [roads, places] = await Promise.all([
      db.query(SELECT_ROAD_LABELS, [...bbox, ['arterial', 'secondary', 'local']]),
      db.query(SELECT_PLACE_LABELS, bbox),
    ]);
    res.json({ roads, places });
  });
  return r;
}
