import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { Db } from '../db/db.ts';
import { loadedDistrict } from '../seed/load-district.ts';
import type { ClientToServerEvents, InterServerEvents, ServerStatus, ServerToClientEvents, SocketData } from './events.ts';

/** The typed socket.io server. */
export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Attaches socket.io to the HTTP server; same origin only, small message limit. */
export function createRealtime(httpServer: HttpServer, db: Db): RealtimeServer {
  const io: RealtimeServer = new Server(httpServer, {
    path: '/socket.io',
    maxHttpBufferSize: 64 * 1024,
    serveClient: false,
  });
  const status = async (): Promise<ServerStatus> => ({
    backend: db.backend,
    serverTime: new Date().toISOString(),
    district: await loadedDistrict(db),
  });
  io.on('connection', (socket) => {
    void status().then((s) => socket.emit('server:status', s));
    socket.on('status:get', (ack) => {
      if (typeof ack !== 'function') return;
      void status().then(ack, () => undefined);
    });
  });
  return io;
}
