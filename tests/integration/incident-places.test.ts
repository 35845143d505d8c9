import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDistrict } from '../../geodata/generate.ts';
import { FILL_MISSING_PLACES } from '../../server/basemap/place-sql.ts';
import type { RunningServer } from '../../server/main.ts';
import { loadDistrict } from '../../server/seed/load-district.ts';
import { loadIncidentHistory } from '../../server/seed/load-history.ts';
import { ensureTestUser, signIn, type Session } from '../support/accounts.ts';
import { ownServer } from '../support/test-server.ts';

let server: RunningServer;
let commander: Session;

beforeAll(async () => {
  server = await ownServer('places', { seedHistoryDays: 3 });
  const [root] = await server.db.query<{ code: string }>('SELECT code FROM grids WHERE parent_code IS NULL');
  await ensureTestUser(server.db, 'places-commander', 'commander', root!.code);
  commander = await signIn(server.url, 'places-commander');
}, 120_000);

afterAll(() => server?.close());

describe('incidents say where they are, in words from our own base map', () => {
  it('a report inside a compound is placed in it, and one on a road outside compounds near that road', async () => {
    const { db } = server;
    const [inside] = await db.query<{ lon: number; lat: number; name: string }>(
      'SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat, name FROM compounds ORDER BY id LIMIT 1',
    );
    // A point on a named road, outside every compound.
    const [byRoad] = await db.query<{ lon: number; lat: number; name: string }>(
      `SELECT ST_X(p) AS lon, ST_Y(p) AS lat, r.name FROM roads r CROSS JOIN LATERAL (SELECT ST_LineInterpolatePoint(r.geom, 0.5) AS p) x
       WHERE r.name IS NOT NULL AND NOT EXISTS (SELECT 1 FROM compounds c WHERE ST_DWithin(c.geom, p, 0.0005)) ORDER BY r.id LIMIT 1`,
    );
    const file = async (spot: { lon: number; lat: number }) => {
      const res = await commander.request(
        'POST',
        '/api/incidents',
        { location: { lon: spot.lon, lat: spot.lat }, category: 'hazard', channel: 'patrol', description: '位置测试' },
        { 'Idempotency-Key': `places-${randomUUID()}` },
      );
      expect(res.status).toBe(201);
      return (await commander.request('GET', `/api/incidents/${(res.body as { id: string }).id}`)).body as {
        gridName: string | null;
        placeKind: string | null;
        placeName: string | null;
      };
    };
    expect(await file(inside!)).toMatchObject({ placeKind: 'compound', placeName: inside!.name, gridName: expect.any(String) });
    const road = await file(byRoad!);
    expect(road.placeKind).toBe('road');
    // The nearest named road: the one it lies on, or one crossing it there.
    const [near] = await db.query<{ names: string[] }>(
      `SELECT array_agg(name) AS names FROM roads WHERE name IS NOT NULL
         AND ST_DWithin(geom::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, 1)`,
      [byRoad!.lon, byRoad!.lat],
    );
    expect(near!.names).toContain(road.placeName);
  });

  it('the seeded history is placed, and cases filed before places were kept are placed at the next start', async () => {
    const { db } = server;
    const [counts] = await db.query<{ all: number; unplaced: number }>(
      'SELECT count(*)::int AS all, count(*) FILTER (WHERE place_kind IS NULL)::int AS unplaced FROM incidents',
    );
    expect(counts!.all).toBeGreaterThan(50);
    expect(counts!.unplaced).toBe(0);
    await db.query('UPDATE incidents SET place_kind = NULL, place_name = NULL WHERE id IN (SELECT id FROM incidents ORDER BY id LIMIT 20)');
    await db.query(FILL_MISSING_PLACES);
    const [after] = await db.query<{ unplaced: number; placed: number }>(
      `SELECT count(*) FILTER (WHERE place_kind IS NULL)::int AS unplaced,
              count(*) FILTER (WHERE place_kind IN ('compound', 'road'))::int AS placed FROM incidents`,
    );
    expect(after!.unplaced).toBe(0);
    expect(after!.placed).toBeGreaterThan(0);
  });

  it('a history and a district can be replaced with takeovers, milestones and visits that raised cases on record', async () => {
    const { db } = server;
    const [spot] = await db.query<{ lon: number; lat: number }>(
      "SELECT ST_X(label_point) AS lon, ST_Y(label_point) AS lat FROM grids WHERE level = 'grid' ORDER BY code LIMIT 1",
    );
    const res = await commander.request(
      'POST',
      '/api/incidents',
      { location: spot, category: 'emergency', channel: 'patrol', description: '重置前的红色事件' },
      { 'Idempotency-Key': `places-${randomUUID()}` },
    );
    expect(res.status).toBe(201);
    const [t] = await db.query<{ id: string }>(
      'SELECT id::text AS id FROM takeovers WHERE area_code = (SELECT code FROM grids WHERE parent_code IS NULL) ORDER BY id DESC LIMIT 1',
    );
    expect((await commander.request('POST', `/api/takeovers/${t!.id}/milestones/inform`)).status).toBe(204);
    const [visit] = await db.query<{ id: number }>('SELECT id FROM visits ORDER BY id LIMIT 1');
    await db.query('UPDATE visits SET incident_id = $1::bigint WHERE id = $2', [(res.body as { id: string }).id, visit!.id]);
    expect(await loadIncidentHistory(db, { seed: 'reset', days: 2, reset: true })).toBeGreaterThan(0);
    expect(await db.query('SELECT 1 FROM takeovers')).toEqual([]);
    // The visit stays; only its link to the removed case goes.
    expect(await db.query('SELECT incident_id FROM visits WHERE id = $1', [visit!.id])).toEqual([{ incident_id: null }]);
    await loadDistrict(db, generateDistrict('reset', 'demo'), { reset: true });
    expect(await db.query('SELECT 1 FROM incidents')).toEqual([]);
  });
});
