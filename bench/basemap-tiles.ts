import { VectorTile } from '@mapbox/vector-tile';
import os from 'node:os';
import { PbfReader } from 'pbf';
import { gzipSync } from 'node:zlib';
import { basemapTile, TILE_BUFFER } from '../server/basemap/basemap-service.ts';
import { encodeTile, TILE_EXTENT, type TileRow } from '../server/basemap/tile-encode.ts';
import { SELECT_BASEMAP_TILE } from '../server/basemap/tiles-sql.ts';
import type { Db } from '../server/db/db.ts';
import { tileOf } from '../client/map/world-pixel.ts';
import { benchArgs, percentile } from './bench-db.ts';
import { benchServer } from './bench-server.ts';

/** The tile query as it was: without the fence, the planner inlines the tile geometry into its three uses. */
const INLINED = SELECT_BASEMAP_TILE.replaceAll('OFFSET 0', '');

/** The same layers, properties and zooms as SELECT_BASEMAP_TILE, encoded by PostGIS itself. */
const mvtLayer = (name: string, table: string, columns: string, where: string): string => `
  (SELECT coalesce(ST_AsMVT(q, '${name}', $4::int, 'geom'), ''::bytea) FROM (
     SELECT ${columns}, ST_AsMVTGeom(ST_Transform(x.geom, 3857), t.e, $4::int, ($4::float8 * $5::float8)::int, true) AS geom
     FROM ${table} x, t
     WHERE x.geom && ST_Transform(ST_Expand(t.e, (ST_XMax(t.e) - ST_XMin(t.e)) * $5::float8), 4326) AND (${where})
   ) q WHERE q.geom IS NOT NULL)`;
const ST_ASMVT = `
  WITH t AS (SELECT ST_TileEnvelope($1::int, $2::int, $3::int) AS e)
  SELECT ${mvtLayer('blocks', 'blocks', 'x.land_use', 'true')}
    || ${mvtLayer('water', 'water', 'x.kind, x.name', 'true')}
    || ${mvtLayer('compounds', 'compounds', 'x.name', '$1 >= 14')}
    || ${mvtLayer('buildings', 'buildings', 'x.kind, x.floors', '$1 >= 14')}
    || ${mvtLayer(
      'roads',
      'roads',
      'x.road_class AS class, x.name',
      "x.road_class = 'arterial' OR (x.road_class = 'secondary' AND $1 >= 10) OR (x.road_class = 'local' AND $1 >= 13) OR $1 >= 14",
    )} AS tile
  FROM t`;

/** A tile's features, layer by layer, in an order of their own: two plans may write them in another order. */
function features(bytes: Uint8Array): string {
  const tile = new VectorTile(new PbfReader(bytes));
  return JSON.stringify(
    Object.entries(tile.layers)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, layer]) => [
        name,
        Array.from({ length: layer.length }, (_, i) =>
          JSON.stringify([layer.feature(i).loadGeometry(), layer.feature(i).properties]),
        ).sort(),
      ]),
  );
}

async function timed(n: number, work: () => Promise<Uint8Array>): Promise<{ p50: number; p99: number; bytes: Uint8Array }> {
  const times: number[] = [];
  let bytes: Uint8Array = new Uint8Array();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    bytes = await work();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), bytes };
}

const encodeWith = async (db: Db, sql: string, z: number, x: number, y: number) =>
  encodeTile(await db.query<TileRow>(sql, [z, x, y, TILE_EXTENT, TILE_BUFFER]));

/**
 * `npm run bench -- basemap-tiles [--requests 20] [--zooms 10,11,…,16]`: base-map tiles of the
 * county on the PostGIS server at each zoom, in the town centre and in the countryside. Times, in
 * one run: GET /api/basemap/tiles (the whole route, over HTTP), the route's query and encoding alone,
 * the query as it was before the fence (to show the tiles are the same bytes), and a bare
 * `ST_AsMVT` of the same layers; with the tile's bytes before and after gzip.
 */
export async function run(argv: string[]): Promise<void> {
  const args = benchArgs(argv);
  const n = Number(args.get('requests') ?? 20);
  const zooms = (args.get('zooms') ?? '10,11,12,13,14,15,16').split(',').map(Number);
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`);
  const t0 = performance.now();
  const { server, commander } = await benchServer('postgres', 'gridline_bench_tiles', { seedScale: 'county', seedHistoryDays: 0 });
  console.log(`county loaded in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  try {
    const [town] = await server.db.query<{ lon: number; lat: number }>(
      'SELECT (ST_XMin(bbox) + ST_XMax(bbox)) / 2 AS lon, (ST_YMin(bbox) + ST_YMax(bbox)) / 2 AS lat FROM district_meta',
    );
    // Countryside: the farmland block farthest from the county seat, where roads are few and blocks large.
    const [country] = await server.db.query<{ lon: number; lat: number }>(
      `SELECT ST_X(c) AS lon, ST_Y(c) AS lat FROM (SELECT ST_PointOnSurface(geom) AS c FROM blocks WHERE land_use = 'farmland') b
       ORDER BY c <-> ST_SetSRID(ST_MakePoint($1, $2), 4326) DESC LIMIT 1`,
      [town!.lon, town!.lat],
    );
    console.log(
      'spot        z  route p50/p99 ms   query+encode p50   inlined p50   ST_AsMVT p50   vs ST_AsMVT: query+encode, route   bytes → gzip   fenced = inlined',
    );
    for (const [name, spot] of [
      ['town', town!],
      ['countryside', country!],
    ] as const) {
      for (const z of zooms) {
        const [x, y] = tileOf([spot.lon, spot.lat], z);
        const route = await timed(n, async () => {
          const res = await fetch(`${server.url}/api/basemap/tiles/${z}/${x}/${y}.pbf`, { headers: { Cookie: commander.cookie } });
          if (!res.ok) throw new Error(`tile ${z}/${x}/${y}: ${res.status}`);
          return new Uint8Array(await res.arrayBuffer());
        });
        const fenced = await timed(n, () => basemapTile(server.db, z, x, y));
        const inlined = await timed(n, () => encodeWith(server.db, INLINED, z, x, y));
        const mvt = await timed(n, async () => {
          const [row] = await server.db.query<{ tile: Uint8Array }>(ST_ASMVT, [z, x, y, TILE_EXTENT, TILE_BUFFER]);
          return row!.tile;
        });
        const same = Buffer.from(fenced.bytes).equals(Buffer.from(inlined.bytes))
          ? 'bytes'
          : features(fenced.bytes) === features(inlined.bytes)
            ? 'features'
            : 'NO';
        console.log(
          `${name.padEnd(11)} ${String(z).padStart(2)}  ${route.p50.toFixed(1).padStart(6)} / ${route.p99.toFixed(1).padStart(6)}` +
            `   ${fenced.p50.toFixed(1).padStart(10)}   ${inlined.p50.toFixed(1).padStart(11)}   ${mvt.p50.toFixed(1).padStart(12)}` +
            `   ${(fenced.p50 / mvt.p50).toFixed(2).padStart(7)}× ${(route.p50 / mvt.p50).toFixed(2).padStart(6)}×   ${String(route.bytes.length).padStart(6)} → ${String(gzipSync(route.bytes).length).padStart(6)}` +
            `   ${same}`,
        );
      }
    }
  } finally {
    await server.close();
  }
}
