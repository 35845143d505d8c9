import type { SessionHub } from '../auth/sign-in.ts';
import type { RealtimeServer } from './realtime-server.ts';
import { sessionRoom, userRoom } from './rooms.ts';

/**
 * The link from the HTTP side (sign-out, disable, revoke) to live sockets.
 * Services get it before socket.io exists; `attach` binds it once the server runs.
 */
export function createSessionHub(): SessionHub & { attach(io: RealtimeServer): void } {
  let io: RealtimeServer | null = null;
  return {
    attach(server) {
      io = server;
    },
    dropSessions(ids) {
      for (const id of ids) io?.in(sessionRoom(id)).disconnectSockets(true);
    },
    dropUser(userId) {
      io?.in(userRoom(userId)).disconnectSockets(true);
    },
  };
}
