import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, ServerStatus, ServerToClientEvents } from '../../server/realtime/events.ts';
import { countySession, sharedServer, TEST_DATABASE_URL } from '../support/test-server.ts';

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
});
