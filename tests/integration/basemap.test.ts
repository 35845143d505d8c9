import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { describe, expect, it } from 'vitest';
import { tileOf } from '../../client/map/world-pixel.ts';
import { get, sharedServer } from '../support/test-server.ts';

async function districtCentre(): Promise<[number, number]> {
  const { db } = await sharedServer();
  const [c] = await db.query<{ lon: number; lat: number }>(
    'SELECT ST_X(ST_Centroid(bbox)) AS lon, ST_Y(ST_Centroid(bbox)) AS lat FROM district_meta',
  );
  return [c!.lon, c!.lat];
}

describe('offline base map', () => {
  it('serves a style whose every URL points back at this server', async () => {
    const server = await sharedServer();
    const { status, body } = await get('/api/basemap/style.json');
    expect(status).toBe(200);
    const text = JSON.stringify(body);
    const urls = text.match(/https?:\/\/[^"]+/g) ?? [];
    expect(urls.length).toBeGreaterThan(0);
    for (const u of urls) expect(u.startsWith(server.url)).toBe(true);
    expect((body as { glyphs?: string }).glyphs).toBeUndefined();
  });

  it('serves vector tiles with blocks, roads, water and buildings built from our own tables', async () => {
    const [lon, lat] = await districtCentre();
    const [x, y] = tileOf([lon, lat], 15);
    const res = await get(`/api/basemap/tiles/15/${x}/${y}.pbf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/vnd.mapbox-vector-tile');
    const tile = new VectorTile(new PbfReader(new Uint8Array(res.body as ArrayBuffer)));
    expect(Object.keys(tile.layers)).toEqual(expect.arrayContaining(['blocks', 'roads', 'buildings']));
    expect(tile.layers.blocks!.length).toBeGreaterThan(0);
    const f = tile.layers.blocks!.feature(0);
    expect(['residential', 'public', 'commercial', 'park', 'industrial', 'village', 'farmland']).toContain(f.properties.land_use);
    const geo = f.toGeoJSON(x, y, 15);
    expect(geo.geometry.type).toMatch(/Polygon$/);
  });

  it('leaves buildings out of low-zoom tiles', async () => {
    const [lon, lat] = await districtCentre();
    const [x, y] = tileOf([lon, lat], 11);
    const res = await get(`/api/basemap/tiles/11/${x}/${y}.pbf`);
    const tile = new VectorTile(new PbfReader(new Uint8Array(res.body as ArrayBuffer)));
    expect(tile.layers.buildings).toBeUndefined();
    expect(tile.layers.blocks!.length).toBeGreaterThan(0);
  });

  it('answers an empty tile outside the district', async () => {
    const res = await get('/api/basemap/tiles/15/0/0.pbf');
    expect(res.status).toBe(200);
    expect(Object.keys(new VectorTile(new PbfReader(new Uint8Array(res.body as ArrayBuffer))).layers)).toEqual([]);
  });

  it.each([
    ['/api/basemap/tiles/99/0/0.pbf', 'z'],
    ['/api/basemap/tiles/3/8/0.pbf', 'x'],
    ['/api/basemap/tiles/3/0/-1.pbf', 'y'],
    ['/api/basemap/labels?bbox=1,2', 'bbox'],
  ])('rejects %s naming %s', async (path, param) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    expect((res.body as { error: { param: string } }).error.param).toBe(param);
  });

  it('gives road-name anchors with bearings for the labels', async () => {
    const { body } = await get('/api/basemap/labels?bbox=116,34,118,36');
    const labels = body as { roads: { name: string; bearing: number }[]; places: { name: string }[] };
    expect(labels.roads.length).toBeGreaterThan(5);
    expect(labels.roads.every((r) => /[\u4e00-\u9fff]/.test(r.name) && r.bearing >= 0 && r.bearing <= 360)).toBe(true);
    expect(labels.places.length).toBeGreaterThan(10);
  });
});
