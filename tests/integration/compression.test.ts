import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { tileOf } from '../../client/map/world-pixel.ts';
import { countySession, sharedServer } from '../support/test-server.ts';

/** A GET as the county commander that sees the bytes on the wire (fetch would inflate them unseen). */
async function raw(path: string, encoding: string | null): Promise<{ status: number; headers: Record<string, unknown>; bytes: Buffer }> {
  const { url } = await sharedServer();
  const session = await countySession();
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}${path}`,
      { headers: { Cookie: session.cookie, ...(encoding ? { 'Accept-Encoding': encoding } : {}) } },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, bytes: Buffer.concat(parts) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('compression on the wire', () => {
  it('gzips the grids of a level for a client that accepts it, to the same bytes once inflated', async () => {
    const plain = await raw('/api/grids?level=grid', null);
    const zipped = await raw('/api/grids?level=grid', 'gzip, deflate');
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(String(zipped.headers.vary)).toMatch(/Accept-Encoding/i);
    expect(gunzipSync(zipped.bytes).equals(plain.bytes)).toBe(true);
    expect(zipped.bytes.length).toBeLessThan(plain.bytes.length / 3);
  });

  it('gzips vector tiles too, and leaves answers under a kilobyte alone', async () => {
    const { db } = await sharedServer();
    const [c] = await db.query<{ lon: number; lat: number }>(
      'SELECT (ST_XMin(bbox) + ST_XMax(bbox)) / 2 AS lon, (ST_YMin(bbox) + ST_YMax(bbox)) / 2 AS lat FROM district_meta',
    );
    const [x, y] = tileOf([c!.lon, c!.lat], 14);
    const tile = await raw(`/api/basemap/tiles/14/${x}/${y}.pbf`, 'gzip');
    expect(tile.status).toBe(200);
    expect(tile.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(tile.bytes).length).toBeGreaterThan(tile.bytes.length);
    const health = await raw('/api/health', 'gzip');
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(health.bytes.toString())).toHaveProperty('status');
  });
});
