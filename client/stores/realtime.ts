import { defineStore } from 'pinia';
import { io, type Socket } from 'socket.io-client';
import { ref } from 'vue';
import type { ClientToServerEvents, ServerStatus, ServerToClientEvents } from '../../server/realtime/events.ts';

/** The live link to the dispatch server: whether it is up and what the server last said. */
export const useRealtimeStore = defineStore('realtime', () => {
  const connected = ref(false);
  const status = ref<ServerStatus | null>(null);
  let socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;

  function connect(): void {
    if (socket) return;
    socket = io({ path: '/socket.io', transports: ['websocket'] });
    socket.on('connect', () => (connected.value = true));
    socket.on('disconnect', () => (connected.value = false));
    socket.on('server:status', (s) => (status.value = s));
  }

  function disconnect(): void {
    socket?.disconnect();
    socket = null;
    connected.value = false;
  }

  return { connected, status, connect, disconnect };
});
