import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureTestUser, signIn, type Session } from '../support/accounts.ts';
import { rootCode, sharedServer } from '../support/test-server.ts';

// A real 1×1 PNG and the first bytes of a JPEG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]);

let base: string;
let commander: Session;
let incidentId: string;

const upload = (s: Session, id: string, body: Buffer, type: string) =>
  fetch(`${base}/api/incidents/${id}/photos`, {
    method: 'POST',
    headers: { Cookie: s.cookie, 'X-CSRF-Token': s.csrf, 'Content-Type': type },
    body: new Uint8Array(body),
  });
const photoCount = async () => {
  const { db } = await sharedServer();
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM incident_photos');
  return row!.n;
};

beforeAll(async () => {
  const { db, url } = await sharedServer();
  base = url;
  await ensureTestUser(db, 'photo-commander', 'commander', await rootCode());
  commander = await signIn(url, 'photo-commander');
  const [g] = await db.query<{ lon: number; lat: number }>(
    "SELECT ST_X(label_point) AS lon, ST_Y(label_point) AS lat FROM grids WHERE level = 'grid' ORDER BY code DESC LIMIT 1",
  );
  const res = await commander.request(
    'POST',
    '/api/incidents',
    { location: { lon: g!.lon, lat: g!.lat }, category: 'infrastructure', channel: 'patrol', description: '井盖缺失，附照片' },
    { 'Idempotency-Key': `photo-${randomUUID()}` },
  );
  incidentId = (res.body as { id: string }).id;
});

describe('incident photos', () => {
  it('stores a photo typed by its bytes, lists it on the incident and serves it back with its type, audited', async () => {
    const res = await upload(commander, incidentId, PNG, 'image/png');
    expect(res.status).toBe(201);
    const photo = (await res.json()) as { id: string; contentType: string; size: number };
    expect(photo).toMatchObject({ contentType: 'image/png', size: PNG.length });
    const detail = (await commander.request('GET', `/api/incidents/${incidentId}`)).body as { photos: { id: string }[] };
    expect(detail.photos.map((p) => p.id)).toEqual([photo.id]);
    const got = await fetch(`${base}/api/incidents/${incidentId}/photos/${photo.id}`, { headers: { Cookie: commander.cookie } });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await got.arrayBuffer()).equals(PNG)).toBe(true);
    const { db } = await sharedServer();
    const [audit] = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'incident.photo.read' AND object_id = $1",
      [incidentId],
    );
    expect(audit!.n).toBe(1);
  });

  it('refuses what is not an image, a type that lies, and anything too big, storing nothing', async () => {
    const before = await photoCount();
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    const cases: [Buffer, string, number][] = [
      [html, 'image/png', 415],
      [PNG, 'image/jpeg', 415],
      [html, 'text/html', 415],
      [Buffer.alloc(0), 'image/png', 415],
      [Buffer.concat([JPEG, Buffer.alloc(50 * 1024 * 1024)]), 'image/jpeg', 413],
    ];
    for (const [body, type, status] of cases) {
      const res = await upload(commander, incidentId, body, type);
      expect(res.status, `${type} ${body.length}`).toBe(status);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(await photoCount()).toBe(before);
  });

  it('caps the photos of one incident', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await upload(commander, incidentId, JPEG, 'image/jpeg')).status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.at(-1)).toBe(409);
  });

  it('shows photos to no wall and to no other area', async () => {
    const { db, url } = await sharedServer();
    const [photo] = await db.query<{ id: string }>('SELECT id::text AS id FROM incident_photos WHERE incident_id = $1::bigint LIMIT 1', [
      incidentId,
    ]);
    const [other] = await db.query<{ code: string }>(
      "SELECT code FROM grids WHERE level = 'community' AND code NOT IN (SELECT parent_code FROM grids WHERE code = (SELECT grid_code FROM incidents WHERE id = $1::bigint)) LIMIT 1",
      [incidentId],
    );
    await ensureTestUser(db, 'photo-wall', 'wall', await rootCode());
    await ensureTestUser(db, 'photo-outsider', 'leader', other!.code);
    const wall = await signIn(url, 'photo-wall');
    const outsider = await signIn(url, 'photo-outsider');
    expect(((await wall.request('GET', `/api/incidents/${incidentId}`)).body as { photos: unknown[] }).photos).toEqual([]);
    expect((await wall.request('GET', `/api/incidents/${incidentId}/photos/${photo!.id}`)).status).toBe(403);
    expect((await outsider.request('GET', `/api/incidents/${incidentId}/photos/${photo!.id}`)).status).toBe(404);
    expect((await upload(outsider, incidentId, PNG, 'image/png')).status).toBe(404);
  });
});
