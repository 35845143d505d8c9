import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { recordAudit } from '../audit/audit.ts';
import { pathInScope, type Viewer } from '../auth/scope.ts';
import { viewerForSession, viewerForToken, type SessionConfig } from '../auth/sessions.ts';
import type { Cluster } from '../cluster/cluster.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/db.ts';
import { sessionTokenFromCookieHeader } from '../http/session-cookie.ts';
import { loadedDistrict } from '../seed/load-district.ts';
import { GRID_CODE } from '../grids/grids-contract.ts';
import { SELECT_GRID_PATH } from '../grids/grids-sql.ts';
import type { ClientAuth, ServerStatus, SubscribeAck } from './events.ts';
import { emitRow, outboxEpoch, outboxPosition, readOutboxForArea } from './outbox.ts';
import type { RealtimeServer, RealtimeSocket } from './realtime-server.ts';
import type { RecentRows } from './recent-rows.ts';
import { gridRoom, REPLAYING_ROOM, rowInArea, sessionRoom, userRoom } from './rooms.ts';

const REPLAY_PAGE = 500;
/** Refused subscriptions audited one by one per socket and minute; past twice this the socket is dropped. */
const AUDITED_REFUSALS = 10;

/**
 * Same-origin check for the WebSocket handshake (CORS covers only long-polling).
 * A request without Origin is not a browser and carries no ambient cookie risk.
 */
function originAllowed(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** Catch-up rounds a replaying socket gets before it is let into live pushes regardless. */
const MAX_CATCH_UP_ROUNDS = 20;

/**
 * Attaches socket.io: the handshake authenticates with the session cookie, the
 * server joins each socket to its session, user and area rooms, and sessions are
 * re-checked periodically because `io.use` runs only once per connection.
 */
export function createRealtime(
  httpServer: HttpServer,
  db: Db,
  config: SessionConfig & Pick<Config, 'allowedOrigins' | 'socketRecheckSeconds'>,
  cluster: Pick<Cluster, 'workers' | 'worker' | 'attach'>,
  recent: RecentRows,
): RealtimeServer {
  const io: RealtimeServer = new Server(httpServer, {
    path: '/socket.io',
    // Behind one port, consecutive HTTP requests of one polling client may reach different
    // processes; WebSocket (what our clients use) is one connection to one process, so no
    // sticky sessions are needed.
    ...(cluster.workers > 1 ? { transports: ['websocket' as const] } : {}),
    maxHttpBufferSize: 16 * 1024,
    serveClient: false,
    allowRequest: (req, callback) => callback(null, originAllowed(req, config.allowedOrigins)),
  });
  cluster.attach(io);

  io.use(async (socket, next) => {
    try {
      const token = sessionTokenFromCookieHeader(socket.handshake.headers.cookie);
      const viewer = token ? await viewerForToken(db, token, config) : null;
      if (!viewer || viewer.mustChangePassword) return next(new Error('unauthorized'));
      socket.data.viewer = viewer;
      next();
    } catch (err) {
      // socket.io hands the error's message to the client; a database message could quote a row, so say only this.
      console.error('[socket] handshake failed:', (err as Error)?.message ?? String(err));
      next(new Error('unavailable'));
    }
  });

  // The epoch changes only by a restore, which needs this server stopped: read once (again after a failed read).
  let epoch: Promise<string> | null = null;
  const readEpoch = () =>
    (epoch ??= outboxEpoch(db).catch((err: unknown) => {
      epoch = null;
      throw err;
    }));
  const status = async (viewer: Viewer): Promise<ServerStatus> => ({
    backend: db.backend,
    serverTime: new Date().toISOString(),
    district: await loadedDistrict(db),
    areaCode: viewer.areaCode,
    epoch: await readEpoch(),
    worker: cluster.worker,
  });

  /** Refusals per socket in the current minute, so a socket probing other areas cannot flood the audit trail. */
  const refusals = new WeakMap<RealtimeSocket, { minute: number; count: number }>();

  /**
   * Audits a refused subscription: the first few of a minute one by one, then one summary row at
   * the limit; a socket that keeps trying past twice the limit is dropped.
   */
  const refused = async (socket: RealtimeSocket, code: string): Promise<void> => {
    const minute = Math.floor(Date.now() / 60_000);
    const seen = refusals.get(socket);
    const tally = seen && seen.minute === minute ? seen : { minute, count: 0 };
    tally.count++;
    refusals.set(socket, tally);
    const base = {
      action: 'socket.subscribe',
      outcome: 'denied' as const,
      viewer: socket.data.viewer,
      objectType: 'grid',
      ip: socket.handshake.address,
    };
    if (tally.count <= AUDITED_REFUSALS) await recordAudit(db, { ...base, objectId: code });
    else if (tally.count === AUDITED_REFUSALS + 1)
      await recordAudit(db, { ...base, objectId: code, detail: { repeated: 'further refusals this minute not recorded one by one' } });
    if (tally.count > 2 * AUDITED_REFUSALS) socket.disconnect(true);
  };

  const subscribe = async (socket: RealtimeSocket, code: unknown): Promise<SubscribeAck> => {
    const viewer = socket.data.viewer;
    if (typeof code !== 'string' || !GRID_CODE.test(code)) return { ok: false, error: 'invalid' };
    const [row] = await db.query<{ path: string }>(SELECT_GRID_PATH, [code]);
    if (!row || !pathInScope(viewer.areaPath, row.path)) {
      socket.emit('access:denied', { event: 'grid:subscribe', code: 'outside_area' });
      await refused(socket, code);
      return { ok: false, error: 'outside_area' };
    }
    await socket.join(gridRoom(code));
    return { ok: true, room: gridRoom(code) };
  };

  /**
   * Sends what the socket missed since `lastSeq` (its handshake `auth`), in order, within its area:
   * from the database until it is read to the end, then what the relay pushed meanwhile, and only
   * then lets live pushes reach it (it sat in REPLAYING_ROOM), all in one tick, so no live event can
   * overtake an older replayed one.
   */
  const replay = async (socket: RealtimeSocket, lastSeq: number): Promise<void> => {
    const area = socket.data.viewer.areaPath;
    let after = lastSeq;
    let rounds = 0;
    for (;;) {
      // Read first: every row up to it is numbered and visible, so once the area's rows are read to
      // the end, nothing up to it is left (other areas' rows included, which the query skips).
      const position = Number(await outboxPosition(db));
      const rows = await readOutboxForArea(db, String(after), area, REPLAY_PAGE);
      for (const row of rows) emitRow(socket, row);
      if (rows.length > 0) after = Number(rows.at(-1)!.seq);
      if (rows.length === REPLAY_PAGE) continue;
      after = Math.max(after, position);
      const pushed = recent.since(after);
      // The relay has moved on further than it remembers: read on, a bounded number of times (an
      // outbox emptied under a running server would otherwise keep this socket reading forever).
      if (pushed === null && ++rounds < MAX_CATCH_UP_ROUNDS) continue;
      for (const row of pushed ?? []) if (rowInArea(row, area)) emitRow(socket, row);
      socket.leave(REPLAYING_ROOM);
      return;
    }
  };

  io.on('connection', (socket) => {
    const viewer = socket.data.viewer;
    const raw = (socket.handshake.auth as ClientAuth | undefined)?.lastSeq;
    const lastSeq = typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0 ? raw : null;
    // Into the rooms at once (so nothing committed from now on is missed), but left out of live
    // pushes while it catches up.
    void socket.join([
      sessionRoom(viewer.sessionId),
      gridRoom(viewer.areaCode),
      ...(viewer.userId ? [userRoom(viewer.userId)] : []),
      ...(lastSeq === null ? [] : [REPLAYING_ROOM]),
    ]);
    if (lastSeq !== null) void replay(socket, lastSeq).catch(() => socket.disconnect(true));
    void status(viewer).then(
      (s) => socket.emit('server:status', s),
      () => undefined,
    );
    socket.on('status:get', (ack) => {
      if (typeof ack !== 'function') return;
      void status(socket.data.viewer).then(ack, () => undefined);
    });
    socket.on('grid:subscribe', (code, ack) => {
      void subscribe(socket, code).then(
        (result) => (typeof ack === 'function' ? ack(result) : undefined),
        () => undefined,
      );
    });
  });

  // Sessions can expire or be revoked by another process; drop sockets whose session is gone or whose area moved.
  const timer = setInterval(async () => {
    for (const socket of await io.local.fetchSockets()) {
      const before = socket.data.viewer;
      const now = await viewerForSession(db, before.sessionId, config, false).catch(() => before);
      if (!now || now.areaCode !== before.areaCode || now.role !== before.role) socket.disconnect(true);
    }
  }, config.socketRecheckSeconds * 1000);
  timer.unref();
  io.engine.on('close', () => clearInterval(timer));
  httpServer.once('close', () => clearInterval(timer));
  return io;
}
