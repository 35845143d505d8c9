/** Fixtures and helpers of scope.test.ts and its siblings. */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../server/realtime/events.ts';
import { ensureTestUser, signIn } from '../support/accounts.ts';
import { sharedServer } from '../support/test-server.ts';

/** Two communities: A is the viewer's, B is "another area". */
export interface Fixtures {
  a: { community: string; grid: string };
  b: { community: string; grid: string; township: string };
  foreignUserId: number;
  foreignUsername: string;
  foreignWallTokenId: number;
  foreignWallName: string;
  foreignIncidentId: string;
  foreignApiKeyId: number;
  foreignResident: { id: number; name: string; idNumber: string };
  foreignMemberId: number;
  foreignImportId: number;
  foreignChangeSetId: number;
  foreignBoundaryImportId: number;
  foreignTakeoverId: string;
}
export let fx: Fixtures;

export const connect = (url: string, cookie: string, origin?: string): Socket<ServerToClientEvents, ClientToServerEvents> =>
  io(url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie, ...(origin ? { origin } : {}) } });
export const connected = (s: Socket) =>
  new Promise<void>((resolve, reject) => (s.once('connect', resolve), s.once('connect_error', reject)));

async function build(): Promise<void> {
  const { db, url } = await sharedServer();
  const communities = await db.query<{ code: string; parent: string }>(
    "SELECT code, parent_code AS parent FROM grids WHERE level = 'community' ORDER BY code LIMIT 2",
  );
  const gridOf = async (c: string) =>
    (await db.query<{ code: string }>('SELECT code FROM grids WHERE parent_code = $1 ORDER BY code LIMIT 1', [c]))[0]!.code;
  const [a, b] = communities as [{ code: string; parent: string }, { code: string; parent: string }];
  const foreignUserId = await ensureTestUser(db, 'b-worker', 'worker', await gridOf(b.code));
  await ensureTestUser(db, 'b-commander', 'commander', b.code);
  const bCommander = await signIn(url, 'b-commander');
  const created = (await bCommander.request('POST', '/api/wall-tokens', { name: 'B 社区大屏', areaCode: b.code })).body as {
    id: number;
    token: string;
  };
  const [spot] = await db.query<{ lon: number; lat: number }>(
    'SELECT ST_X(label_point) AS lon, ST_Y(label_point) AS lat FROM grids WHERE code = $1',
    [await gridOf(b.code)],
  );
  const incident = (
    await bCommander.request(
      'POST',
      '/api/incidents',
      { location: { lon: spot!.lon, lat: spot!.lat }, category: 'hazard', channel: 'patrol', description: 'B 社区井盖缺失' },
      { 'Idempotency-Key': 'scope-fixture-incident-b' },
    )
  ).body as { id: string };
  // A red case in B takes over B's wall: a takeover area A must not reach.
  const red = (
    await bCommander.request(
      'POST',
      '/api/incidents',
      { location: { lon: spot!.lon, lat: spot!.lat }, category: 'hazard', colour: 'red', channel: 'patrol', description: 'B 社区井盖缺失' },
      { 'Idempotency-Key': 'scope-fixture-red-b' },
    )
  ).body as { id: string };
  const [takeover] = await db.query<{ id: string }>('SELECT id::text AS id FROM takeovers WHERE incident_id = $1 AND area_code = $2', [
    red.id,
    b.code,
  ]);
  await ensureTestUser(db, 'b-admin', 'admin', b.code);
  const bAdmin = await signIn(url, 'b-admin');
  const apiKey = (await bAdmin.request('POST', '/api/api-keys', { name: 'B 社区 Open311', userId: foreignUserId })).body as { id: number };
  const [resident] = await db.query<{ id: number; name: string; idNumber: string }>(
    `SELECT r.id, r.name, r.id_number AS "idNumber" FROM residents r JOIN households h ON h.id = r.household_id
     JOIN grids g ON g.code = h.grid_code WHERE g.parent_code = $1 ORDER BY r.id LIMIT 1`,
    [b.code],
  );
  const [member] = await db.query<{ id: number }>(
    `SELECT m.id FROM key_group_members m JOIN residents r ON r.id = m.resident_id JOIN households h ON h.id = r.household_id
     JOIN grids g ON g.code = h.grid_code WHERE g.parent_code = $1 ORDER BY m.id LIMIT 1`,
    [b.code],
  );
  await ensureTestUser(db, 'b-leader', 'leader', b.code);
  const bLeader = await signIn(url, 'b-leader');
  const uploaded = await fetch(`${url}/api/registers/imports?name=b.csv`, {
    method: 'POST',
    headers: { Cookie: bLeader.cookie, 'X-CSRF-Token': bLeader.csrf, 'Content-Type': 'text/csv' },
    body: `姓名,身份证号\n${resident!.name},${resident!.idNumber}\n`,
  });
  await ensureTestUser(db, 'b-operator', 'operator', b.code);
  const bOperator = await signIn(url, 'b-operator');
  const draft = (await bOperator.request('POST', '/api/boundaries/change-sets', { title: 'B 社区网格调整' })).body as { id: number };
  const upload = await fetch(`${url}/api/boundaries/imports?name=b.geojson`, {
    method: 'POST',
    headers: { Cookie: bOperator.cookie, 'X-CSRF-Token': bOperator.csrf, 'Content-Type': 'application/geo+json' },
    body: JSON.stringify({
      type: 'Feature',
      properties: { name: 'B 网格' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 0],
          ],
        ],
      },
    }),
  });
  fx = {
    foreignBoundaryImportId: ((await upload.json()) as { id: number }).id,
    foreignChangeSetId: draft.id,
    foreignImportId: ((await uploaded.json()) as { id: number }).id,
    foreignMemberId: member!.id,
    foreignResident: resident!,
    foreignApiKeyId: apiKey.id,
    a: { community: a.code, grid: await gridOf(a.code) },
    b: { community: b.code, grid: await gridOf(b.code), township: b.parent },
    foreignUserId,
    foreignUsername: 'b-worker',
    foreignWallTokenId: created.id,
    foreignWallName: 'B 社区大屏',
    foreignIncidentId: incident.id,
    foreignTakeoverId: takeover!.id,
  };
  await ensureTestUser(db, 'a-leader', 'leader', a.code);
  await ensureTestUser(db, 'a-worker', 'worker', fx.a.grid);
  await ensureTestUser(db, 'a-admin', 'admin', a.code);
  await ensureTestUser(db, 'a-operator', 'operator', a.code);
}

let built: Promise<void> | null = null;
/** Builds the fixtures once per process; every test file of the suite awaits the same ones. */
export const scopeFixtures = (): Promise<void> => (built ??= build());
