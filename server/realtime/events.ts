/**
 * The typed socket.io contract shared by server and client (`import type` on both sides).
 * Later issues add incident and boundary events here.
 */

/** Sent on connect and when the server's state changes, so walls show whether their live link is healthy. */
export interface ServerStatus {
  backend: 'pglite' | 'postgres';
  serverTime: string;
  district: { seed: string; scale: string } | null;
}

/** Events the server emits. */
export interface ServerToClientEvents {
  'server:status': (status: ServerStatus) => void;
}

/** Events the client emits. */
export interface ClientToServerEvents {
  /** Asks for a fresh status; answered through the ack. */
  'status:get': (ack: (status: ServerStatus) => void) => void;
}

/** Nothing is exchanged between servers yet. */
export type InterServerEvents = Record<string, never>;

/** Per-socket data the server keeps. */
export type SocketData = Record<string, never>;
