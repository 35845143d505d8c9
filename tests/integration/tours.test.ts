import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, ServerToClientEvents, TourEvent } from '../../server/realtime/events.ts';
import { MAX_TOUR_STEPS, type OwnTour, type WallTour } from '../../server/tours/tours-contract.ts';
import { ensureTestUser, sessionFrom, signIn, type Session } from '../support/accounts.ts';
import { sharedServer } from '../support/test-server.ts';
import { until } from '../support/until.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

let commander: Session;
let otherCommander: Session;
let leader: Session;
let wall: Session;
let tokenId: number;
let community: string;
let grid: string;
let outside: string;
let socket: Client;
const events: TourEvent[] = [];

const snapshot = async () => {
  const { db } = await sharedServer();
  return db.query('SELECT wall_token_id, steps, version, updated_name FROM wall_tours ORDER BY wall_token_id');
};
const auditCount = async (action: string) => {
  const { db } = await sharedServer();
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND object_id = $2', [
    action,
    String(tokenId),
  ]);
  return row!.n;
};

beforeAll(async () => {
  const { db, url } = await sharedServer();
  const [c, o] = await db.query<{ code: string; grid: string }>(
    `SELECT c.code, (SELECT min(g.code) FROM grids g WHERE g.parent_code = c.code) AS grid
     FROM grids c WHERE c.level = 'community' ORDER BY c.code DESC LIMIT 2`,
  );
  community = c!.code;
  grid = c!.grid;
  outside = o!.grid;
  await ensureTestUser(db, 'tour-commander', 'commander', community);
  await ensureTestUser(db, 'tour-other', 'commander', o!.code);
  await ensureTestUser(db, 'tour-leader', 'leader', community);
  commander = await signIn(url, 'tour-commander');
  otherCommander = await signIn(url, 'tour-other');
  leader = await signIn(url, 'tour-leader');
  const issued = (await commander.request('POST', '/api/wall-tokens', { name: '轮播测试大屏', areaCode: community })).body as {
    id: number;
    token: string;
  };
  tokenId = issued.id;
  const open = await fetch(`${url}/api/auth/wall`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'gridline' },
    body: JSON.stringify({ token: issued.token }),
  });
  const body = (await open.json()) as { csrfToken: string; user: Session['user'] };
  wall = sessionFrom(url, open.headers.get('set-cookie')!.split(';')[0]!, body.csrfToken, body.user);
  socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie: wall.cookie } });
  socket.on('tour:event', (e) => events.push(e));
  await new Promise<void>((resolve, reject) => (socket.once('connect', resolve), socket.once('connect_error', reject)));
});

afterAll(() => socket?.close());

describe('tours of a wall', () => {
  it('a commander sets a tour for a wall token: stored at the next version, audited, and pushed to that wall', async () => {
    expect(((await wall.request('GET', '/api/tour')).body as OwnTour).steps).toEqual([]);
    const steps = [
      { scene: 'overview', seconds: 30 },
      { scene: 'closeup', seconds: 45, cell: grid, panel: 'visits' },
      { scene: 'response', seconds: 20 },
    ];
    const res = await commander.request('PUT', `/api/wall-tokens/${tokenId}/tour`, { steps, version: 0 });
    expect(res.status).toBe(200);
    const saved = res.body as WallTour;
    expect(saved).toMatchObject({ wallTokenId: tokenId, steps, version: 1 });
    expect(await auditCount('tour.set')).toBe(1);
    await until('the tour push to the wall', () => events.some((e) => e.tour.wallTokenId === tokenId && e.tour.version === 1));
    // The wall reads its own tour with its own token.
    expect((await wall.request('GET', '/api/tour')).body).toEqual({ wallTokenId: tokenId, steps, version: 1 });
    expect((await commander.request('GET', `/api/wall-tokens/${tokenId}/tour`)).body).toMatchObject({ steps, version: 1 });
  });

  it('refuses a change made on a tour someone has moved on from (409), and stops at the next version', async () => {
    const before = await snapshot();
    const stale = await commander.request('PUT', `/api/wall-tokens/${tokenId}/tour`, {
      steps: [{ scene: 'incidents', seconds: 60 }],
      version: 0,
    });
    expect(stale.status).toBe(409);
    expect((stale.body as { error: { message: string } }).error.message).toContain('轮播已被他人修改');
    expect(await snapshot()).toEqual(before);

    const stop = await commander.request('DELETE', `/api/wall-tokens/${tokenId}/tour`, { version: 1 });
    expect(stop.status).toBe(200);
    expect((stop.body as WallTour).steps).toEqual([]);
    expect(await auditCount('tour.stop')).toBe(1);
    await until('the stop push to the wall', () => events.some((e) => e.tour.version === 2));
    expect(((await wall.request('GET', '/api/tour')).body as OwnTour).steps).toEqual([]);
  });

  it('answers bad tours with a 400 naming what is wrong, in Chinese, and changes nothing', async () => {
    const before = await snapshot();
    const overview = { scene: 'overview', seconds: 30 };
    const cases: [string, unknown][] = [
      ['an unknown scene', { steps: [{ scene: 'weather', seconds: 30 }], version: 2 }],
      ['zero seconds', { steps: [{ scene: 'overview', seconds: 0 }], version: 2 }],
      ['negative seconds', { steps: [{ scene: 'overview', seconds: -5 }], version: 2 }],
      ['fractional seconds', { steps: [{ scene: 'overview', seconds: 12.5 }], version: 2 }],
      ['thousands of steps', { steps: Array.from({ length: 5000 }, () => overview), version: 2 }],
      ['one step too many', { steps: Array.from({ length: MAX_TOUR_STEPS + 1 }, () => overview), version: 2 }],
      ['no steps', { steps: [], version: 2 }],
      ['a close-up without its cell', { steps: [{ scene: 'closeup', seconds: 30 }], version: 2 }],
      ['a cell on another scene', { steps: [{ scene: 'overview', seconds: 30, cell: grid }], version: 2 }],
      ['a panel that does not exist', { steps: [{ scene: 'overview', seconds: 30, panel: 'weather' }], version: 2 }],
      ['a field nobody knows', { steps: [{ scene: 'overview', seconds: 30, layout: { panels: ['x'] } }], version: 2 }],
      ['a close-up of another area’s cell', { steps: [overview, { scene: 'closeup', seconds: 30, cell: outside }], version: 2 }],
      ['no version', { steps: [overview] }],
    ];
    for (const [what, body] of cases) {
      const res = await commander.request('PUT', `/api/wall-tokens/${tokenId}/tour`, body);
      expect(res.status, what).toBe(400);
      expect((res.body as { error: { message: string } }).error.message, what).toMatch(/[\u4e00-\u9fff]/);
    }
    const res = await commander.request('PUT', `/api/wall-tokens/${tokenId}/tour`, {
      steps: [overview, { scene: 'closeup', seconds: 30, cell: outside }],
      version: 2,
    });
    expect((res.body as { error: { param?: string; message: string } }).error.message).toContain('steps.1.cell');
    expect(await snapshot()).toEqual(before);
  });

  it('keeps a tour to the token’s own area: another area’s commander gets a 404, a leader or the wall a 403, audited', async () => {
    const before = await snapshot();
    for (const [method, body] of [
      ['GET', undefined],
      ['PUT', { steps: [{ scene: 'overview', seconds: 30 }], version: 2 }],
      ['DELETE', { version: 2 }],
    ] as const) {
      const res = await otherCommander.request(method, `/api/wall-tokens/${tokenId}/tour`, body);
      expect(res.status, method).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain('轮播测试大屏');
    }
    expect((await commander.request('GET', '/api/wall-tokens/99999999/tour')).status).toBe(404);
    for (const s of [leader, wall]) {
      const res = await s.request('PUT', `/api/wall-tokens/${tokenId}/tour`, { steps: [{ scene: 'overview', seconds: 30 }], version: 2 });
      expect(res.status).toBe(403);
    }
    const { db } = await sharedServer();
    const [denied] = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'access.denied' AND detail ->> 'path' = $1",
      [`/api/wall-tokens/${tokenId}/tour`],
    );
    expect(denied!.n).toBeGreaterThanOrEqual(2);
    expect(await snapshot()).toEqual(before);
  });
});
