import { defineStore } from 'pinia';
import { io, type Socket } from 'socket.io-client';
import { ref } from 'vue';
import type { ClientToServerEvents, ServerStatus, ServerToClientEvents } from '../../server/realtime/events.ts';

type Events = keyof ServerToClientEvents;
type Handler<E extends Events> = ServerToClientEvents[E];
/** Removes what a subscription added. */
export type Unsubscribe = () => void;

/**
 * The live link to the dispatch server: whether it is up, what the server last said, and the
 * events it pushes. Domain stores subscribe with `on` themselves; views only connect and render.
 */
export const useRealtimeStore = defineStore('realtime', () => {
  const connected = ref(false);
  const status = ref<ServerStatus | null>(null);
  /** When live data was last known to flow (a heartbeat or a fresh status), ms since epoch; null before the first. */
  const lastBeat = ref<number | null>(null);
  let socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
  const handlers = new Map<Events, Set<(...args: never[]) => void>>();
  const droppedHandlers = new Set<() => void>();
  const resumeSources = new Set<() => number>();

  /** Hears one server event until the returned function is called (subscriptions outlive reconnects). */
  function on<E extends Events>(event: E, handler: Handler<E>): Unsubscribe {
    let set = handlers.get(event);
    if (!set) handlers.set(event, (set = new Set()));
    set.add(handler as never);
    socket?.on(event, handler as never);
    return () => {
      set.delete(handler as never);
      socket?.off(event, handler as never);
    };
  }

  /** Runs when the server ends this session's sockets or refuses the handshake (sign-out elsewhere, a revoked token). */
  function onDropped(handler: () => void): Unsubscribe {
    droppedHandlers.add(handler);
    return () => droppedHandlers.delete(handler);
  }

  /** Names a sequence number to resume from; on every (re)connect the server replays what came after the lowest one. */
  function resumeFrom(source: () => number): Unsubscribe {
    resumeSources.add(source);
    return () => resumeSources.delete(source);
  }

  const lastSeq = (): number => Math.min(...[...resumeSources].map((s) => s()));
  const dropped = () => droppedHandlers.forEach((h) => h());

  /** Opens the socket (once); subscriptions made before or after are both served. */
  function connect(): void {
    if (socket) return;
    socket = io({
      path: '/socket.io',
      transports: ['websocket'],
      auth: (cb) => {
        const seq = resumeSources.size > 0 ? lastSeq() : 0;
        cb(seq > 0 ? { lastSeq: seq } : {});
      },
    });
    for (const [event, set] of handlers) for (const h of set) socket.on(event, h as never);
    socket.on('connect', () => (connected.value = true));
    socket.on('disconnect', (reason) => {
      connected.value = false;
      // The server drops sockets of revoked sessions (sign-out elsewhere, disabled user, revoked wall token).
      if (reason === 'io server disconnect') dropped();
    });
    socket.on('connect_error', dropped);
    socket.on('server:heartbeat', () => (lastBeat.value = Date.now()));
    socket.on('server:status', (s) => {
      // The database was restored from a backup: its sequence numbers went back, so resuming from ours
      // would skip events. Start afresh.
      if (status.value && status.value.epoch !== s.epoch) window.location.reload();
      status.value = s;
      lastBeat.value = Date.now();
    });
  }

  function disconnect(): void {
    socket?.disconnect();
    socket = null;
    connected.value = false;
  }

  return { connected, status, lastBeat, connect, disconnect, on, onDropped, resumeFrom };
});
