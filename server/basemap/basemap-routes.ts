import type { Db } from '../db/db.ts';
import { AppError, invalidParameter } from '../http/app-error.ts';
import { secureRouter, type RouteSpec } from '../http/route-registry.ts';
import { parseBbox } from '../grids/grids-params.ts';
import { basemapLabels, basemapTile, districtExtent } from './basemap-service.ts';
import { buildBasemapStyle } from './basemap-style.ts';
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
  r.get('/style.json', 'basemap:read', async (req, res) => {
    const e = await districtExtent(db);
    if (!e) throw new AppError(404, 'not_found');
    const origin = `${req.protocol}://${req.get('host')}`;
    res.json(buildBasemapStyle(origin, e, `${e.seed}-${e.scale}`));
  });

  r.get('/tiles/:z/:x/:y.pbf', 'basemap:read', async (req, res) => {
    const z = parseTileCoord(String(req.params.z), 'z', MAX_TILE_ZOOM);
    if (z < MIN_TILE_ZOOM) throw invalidParameter('z', '缩放级别过小', 'zoom too small');
    const x = parseTileCoord(String(req.params.x), 'x', 2 ** z - 1);
    const y = parseTileCoord(String(req.params.y), 'y', 2 ** z - 1);
    const tile = await basemapTile(db, z, x, y);
    // The version in the URL changes when the data does, so tiles may be cached hard.
    res.set('Cache-Control', 'private, max-age=86400');
    res.type('application/vnd.mapbox-vector-tile').send(Buffer.from(tile));
  });

  r.get('/labels', 'basemap:read', async (req, res) => {
    if (typeof req.query.bbox !== 'string') throw invalidParameter('bbox', '必填', 'required');
    res.json(await basemapLabels(db, parseBbox(req.query.bbox)));
  });
  return r;
}
