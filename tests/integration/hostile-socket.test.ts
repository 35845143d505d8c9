import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { countySession, rootCode, sharedServer } from '../support/test-server.ts';

// Untyped on purpose: these tests send what the typed contract would never let the dashboard send.
let sockets: Socket[] = [];
afterEach(() => {
  for (const s of sockets) s.disconnect();
  sockets = [];
});

let session: Promise<{ cookie: string }> | null = null;

async function open(auth: Record<string, unknown> = {}, cookie?: string): Promise<Socket> {
  const server = await sharedServer();
  const header = cookie ?? (await (session ??= countySession())).cookie;
  const socket = io(server.url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie: header }, auth });
  sockets.push(socket);
  return socket;
}

const connected = (socket: Socket) =>
  new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => reject(err));
  });

const refusedWith = (socket: Socket) =>
  new Promise<string>((resolve, reject) => {
    socket.once('connect', () => reject(new Error('connected')));
    socket.once('connect_error', (err) => resolve(err.message));
  });

async function healthy(): Promise<void> {
  const { url } = await sharedServer();
  expect((await fetch(`${url}/api/health`)).status).toBe(200);
}

describe('hostile socket handshakes', () => {
  it('ignores a replay position that is not a non-negative safe integer, and still greets', async () => {
    for (const lastSeq of ['1; drop table outbox', -1, 2 ** 60, 1.5, {}, [], null, { valueOf: 3 }, '9'.repeat(5000)]) {
      const socket = await open({ lastSeq });
      const status = new Promise<unknown>((resolve) => socket.once('server:status', resolve));
      await connected(socket);
      expect(await status, JSON.stringify(lastSeq).slice(0, 40)).toMatchObject({ areaCode: await rootCode() });
      socket.disconnect();
    }
    await healthy();
  });

  it('refuses a malformed or forged session cookie with a bare "unauthorized", never a server error', async () => {
    // (A control character in the header never reaches the server: Node refuses to send it.)
    const forged = [
      'gridline_sid=%E0%A4%A',
      'gridline_sid=' + 'a'.repeat(5000),
      'gridline_sid="a b"',
      '=;=;;',
      'gridline_sid=%00'.repeat(3),
    ];
    for (const cookie of [...forged, 'gridline_sid=' + 'A'.repeat(43), '__Host-gridline_sid=' + 'A'.repeat(43)]) {
      expect(await refusedWith(await open({}, cookie)), cookie.slice(0, 40)).toBe('unauthorized');
    }
    await healthy();
  });
});

describe('hostile socket events', () => {
  it('answers a malformed grid:subscribe with "invalid" and keeps the socket', async () => {
    const socket = await open();
    await connected(socket);
    for (const code of [
      123,
      null,
      {},
      [await rootCode()],
      'x'.repeat(10_000),
      '\u0000',
      { __proto__: { ok: true } },
      true,
      Buffer.from('3301'),
    ]) {
      const ack = await socket.timeout(5000).emitWithAck('grid:subscribe', code);
      expect(ack, String(code).slice(0, 40)).toEqual({ ok: false, error: 'invalid' });
    }
    // Without an ack, with an ack in the wrong place, with extra arguments: nothing answers, nothing breaks.
    socket.emit('grid:subscribe', await rootCode());
    socket.emit('grid:subscribe');
    socket.emit('status:get');
    socket.emit('status:get', 'not a function', 1, 2);
    for (const name of ['__proto__', 'constructor', 'admin:grant', 'toString', 'x'.repeat(2000)]) socket.emit(name, { a: 1 });
    const status = await socket.timeout(5000).emitWithAck('status:get');
    expect(status).toMatchObject({ areaCode: await rootCode() });
    expect(socket.connected).toBe(true);
    await healthy();
  });

  it('drops a socket that sends more than 16 KiB in one message, and the next connection works', async () => {
    const socket = await open();
    await connected(socket);
    const dropped = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    socket.emit('grid:subscribe', 'x'.repeat(64 * 1024), () => undefined);
    expect(await dropped).toMatch(/transport (close|error)/);
    await healthy();
    const next = await open();
    await connected(next);
    expect(await next.timeout(5000).emitWithAck('status:get')).toMatchObject({ areaCode: await rootCode() });
  });
});
