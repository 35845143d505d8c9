import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { io, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/main.ts';
import type { ClientToServerEvents, IncidentEvent, ServerToClientEvents } from '../../server/realtime/events.ts';
import { ensureTestUser, signIn } from '../support/accounts.ts';
import { ownServer } from '../support/test-server.ts';
import { until } from '../support/until.ts';

const hasRedis = spawnSync('redis-server', ['--version']).status === 0;

/** A free TCP port for a Redis of the test's own. */
const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/**
 * Redis lost while a server runs, on a Redis of the test's own (the shared one is left alone): the
 * server keeps serving its walls every event, reports itself degraded, and recovers without a
 * restart when Redis is back. Under CI Redis is installed, so this never skips there.
 */
describe.runIf(hasRedis || process.env.CI === 'true')('Redis lost, hung and back', () => {
  let redis: ChildProcess | null = null;
  let server: RunningServer | null = null;
  afterAll(async () => {
    await server?.close();
    redis?.kill('SIGKILL');
  });
  const startRedis = (port: number) =>
    new Promise<ChildProcess>((resolve, reject) => {
      const r = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      r.stdout!.on('data', (c: Buffer) => /Ready to accept connections/.test(c.toString()) && resolve(r));
      r.once('error', reject);
    });
  const health = async () => (await (await fetch(`${server!.url}/api/health`)).json()) as { status: string; redis: string };

  it('keeps the walls live, says degraded, and recovers by itself', async () => {
    const port = await freePort();
    redis = await startRedis(port);
    server = await ownServer('redis_loss', { redisUrl: `redis://127.0.0.1:${port}`, seedHistoryDays: 0 });
    expect(await health()).toMatchObject({ status: 'ok', redis: 'ok' });
    const [root] = await server.db.query<{ code: string }>('SELECT code FROM grids WHERE parent_code IS NULL');
    const [spot] = await server.db.query<{ lon: number; lat: number }>(
      "SELECT ST_X(label_point) AS lon, ST_Y(label_point) AS lat FROM grids WHERE level = 'grid' ORDER BY code LIMIT 1",
    );
    await ensureTestUser(server.db, 'redis-commander', 'commander', root!.code);
    const commander = await signIn(server.url, 'redis-commander');
    const wall: Socket<ServerToClientEvents, ClientToServerEvents> = io(server.url, {
      transports: ['websocket'],
      forceNew: true,
      extraHeaders: { cookie: commander.cookie },
    });
    const seen: IncidentEvent[] = [];
    wall.on('incident:event', (e) => seen.push(e));
    await new Promise<void>((resolve) => wall.once('connect', () => resolve()));
    const report = async () => {
      const res = await commander.request(
        'POST',
        '/api/incidents',
        { location: spot, category: 'hazard', channel: 'hotline', description: 'Redis 断线' },
        { 'Idempotency-Key': `redis-${randomUUID()}` },
      );
      // Intake goes on without Redis: the flood limit falls back to this process's own.
      expect(res.status).toBe(201);
      return String((res.body as { id: string }).id);
    };

    redis.kill('SIGKILL');
    await until('health to say degraded', async () => (await health()).status === 'degraded');
    expect(await health()).toMatchObject({ status: 'degraded', redis: 'unreachable' });
    const during = await report();
    await until('the push while Redis is down', () => seen.some((e) => String(e.incident.id) === during));

    redis = await startRedis(port);
    await until('health to recover', async () => (await health()).status === 'ok');
    const after = await report();
    await until('the push after', () => seen.some((e) => String(e.incident.id) === after));

    // A Redis that hangs instead of refusing (stopped, its connection still open): intake does not wait on it.
    redis.kill('SIGSTOP');
    try {
      const hung = await report();
      await until('the push while Redis hangs', () => seen.some((e) => String(e.incident.id) === hung));
    } finally {
      redis.kill('SIGCONT');
    }
    wall.close();
  }, 60_000);
});
