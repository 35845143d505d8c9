import type { Server, Socket } from 'socket.io';
import type { Viewer } from '../auth/scope.ts';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents } from './events.ts';

/** Per-socket data: who is connected. */
interface SocketData {
  viewer: Viewer;
}

/** The typed socket.io server. */
export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** One typed socket on the server side. */
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
