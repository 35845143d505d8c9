import { defineStore } from 'pinia';
import { io, type Socket } from 'socket.io-client';
import { ref } from 'vue';
import type {
  BoundaryEvent,
  ClientToServerEvents,
  IncidentEvent,
  ServerStatus,
  ServerToClientEvents,
} from '../../server/realtime/events.ts';

/** The live link to the dispatch server: whether it is up and what the server last said. */
export const useRealtimeStore = defineStore('realtime', () => {
  const connected = ref(false);
  const status = ref<ServerStatus | null>(null);
  let socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;

  let onDropped: (() => void) | null = null;

  /**
   * Connects; `dropped` runs when the server ends the session's sockets or refuses the handshake.
   * `resumeFrom` is asked on every (re)connect so the server replays what was missed; `onBoundary`
   * hears published boundary changes.
   */
  function connect(
    dropped?: () => void,
    onIncident?: (e: IncidentEvent) => void,
    resumeFrom?: () => number,
    onBoundary?: (e: BoundaryEvent) => void,
  ): void {
    onDropped = dropped ?? null;
    if (socket) return;
    socket = io({
      path: '/socket.io',
      transports: ['websocket'],
      auth: (cb) => cb(resumeFrom && resumeFrom() > 0 ? { lastSeq: resumeFrom() } : {}),
    });
    if (onIncident) socket.on('incident:event', onIncident);
    if (onBoundary) socket.on('boundary:event', onBoundary);
    socket.on('connect', () => (connected.value = true));
    socket.on('disconnect', (reason) => {
      connected.value = false;
      // The server drops sockets of revoked sessions (sign-out elsewhere, disabled user, revoked wall token).
      if (reason === 'io server disconnect') onDropped?.();
      else if (reason === 'io client disconnect') return;
    });
    socket.on('connect_error', () => onDropped?.());
    socket.on('server:status', (s) => (status.value = s));
  }

  function disconnect(): void {
    socket?.disconnect();
    socket = null;
    connected.value = false;
  }

  return { connected, status, connect, disconnect };
});
