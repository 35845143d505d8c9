import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, Heartbeat, ServerStatus, ServerToClientEvents } from '../../server/realtime/events.ts';
import { countySession, sharedServer, TEST_DATABASE_URL } from '../support/test-server.ts';
import { until } from '../support/until.ts';

let client: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
afterEach(() => {
  client?.disconnect();
  client = null;
});

describe('socket.io on the same HTTP server', () => {
  it('greets a connecting client with the server status', async () => {
    const server = await sharedServer();
    const session = await countySession();
    client = io(server.url, { transports: ['websocket'], forceNew: true, extraHeaders: { cookie: session.cookie } });
    const status = await new Promise<ServerStatus>((resolve) => client!.once('server:status', resolve));
    expect(status.backend).toBe(TEST_DATABASE_URL ? 'postgres' : 'pglite');
    expect(status.district).toEqual({ seed: 'gridline', scale: 'demo' });
    expect(Date.parse(status.serverTime)).not.toBeNaN();
    expect(status.epoch).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers status:get through its ack', async () => {
    const server = await sharedServer();
    const session = await countySession();
    client = io(server.url, { transports: ['websocket'], forceNew: true, extraHeaders: { cookie: session.cookie } });
    const status = await client.timeout(5000).emitWithAck('status:get');
    expect(status.district?.scale).toBe('demo');
  });

  it('beats every 5 s while the relay reads the outbox, with the position it has read to', async () => {
    const server = await sharedServer();
    const session = await countySession();
    client = io(server.url, { transports: ['websocket'], forceNew: true, extraHeaders: { cookie: session.cookie } });
    const beats: { at: number; beat: Heartbeat }[] = [];
    client.on('server:heartbeat', (beat) => beats.push({ at: Date.now(), beat }));
    await until('two heartbeats', () => beats.length >= 2, 15_000);
    expect(Date.parse(beats[1]!.beat.serverTime)).not.toBeNaN();
    // At most one a relay pass every 5 s: the two are about 5 s apart, never one per poll.
    expect(beats[1]!.at - beats[0]!.at).toBeGreaterThan(4000);
    const [row] = await server.db.query<{ seq: number }>('SELECT coalesce(max(seq), 0)::int AS seq FROM outbox');
    expect(beats[1]!.beat.seq).toBeLessThanOrEqual(row!.seq);
    expect(Number.isSafeInteger(beats[1]!.beat.seq)).toBe(true);
  }, 20_000);
});
