import type { Db } from '../db/db.ts';
import { emitRow, outboxPosition, readOutboxAfter, stampOutbox } from './outbox.ts';
import type { RealtimeServer } from './realtime-server.ts';
import type { RecentRows } from './recent-rows.ts';
import { REPLAYING_ROOM, roomsFor } from './rooms.ts';

const PAGE = 500;

/** The channel migration 018's trigger notifies when outbox rows commit. */
export const OUTBOX_CHANNEL = 'gridline_outbox';

/** How often walls hear that live data flows (they say stale after three missed beats, 15 s). */
export const HEARTBEAT_MS = 5000;

/**
 * Stamps and pushes outbox rows to the rooms of the cells they concern. Every server process runs
 * its own relay for its own sockets, reading the shared outbox by sequence, so nothing depends on
 * timers or memory surviving a restart: a client that reconnects replays what it missed from its
 * last sequence number. A notification from the outbox's trigger (LISTEN) wakes the relay the
 * moment a change commits; the poll every `intervalMs` stays as the fallback for a notification
 * lost while the listening connection was down, so a lost one costs latency, never an event.
 */
export async function startOutboxRelay(
  db: Db,
  io: RealtimeServer,
  intervalMs: number,
  log: (line: string) => void,
  { listen = true, recent }: { listen?: boolean; recent?: RecentRows } = {},
): Promise<{ stop(): Promise<void>; poll(): Promise<void> }> {
  // The position is taken before the server listens, so no row written after start-up is skipped
  // (reading it at the first tick would silently pass over rows written in between).
  let last = await outboxPosition(db);
  let running: Promise<void> | null = null;
  // A wake-up during a pass may concern rows the pass has already read past: run once more after it.
  let again = false;
  // The heartbeat says the pipeline works, not only that the process lives: it goes out after a
  // pass that read the outbox, so a database that stops answering stops it and walls say stale.
  let lastBeat = 0;
  const beat = () => {
    const now = Date.now();
    if (now - lastBeat < HEARTBEAT_MS) return;
    lastBeat = now;
    io.local.emit('server:heartbeat', { serverTime: new Date(now).toISOString(), seq: Number(last) });
  };
  const pass = async (): Promise<void> => {
    try {
      await stampOutbox(db);
      for (;;) {
        const rows = await readOutboxAfter(db, last, PAGE);
        for (const row of rows) {
          // This process's own sockets only: every process runs its relay, and across the Redis
          // adapter a plain broadcast would reach each wall once per process.
          emitRow(io.local.to(roomsFor(row)).except(REPLAYING_ROOM), row);
          recent?.push(row);
          last = row.seq;
        }
        if (rows.length < PAGE) break;
      }
      beat();
    } catch (err) {
      log(`[outbox] relay failed, retrying: ${(err as Error).message}`);
    }
  };
  const poll = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await pass();
      } while (again);
      running = null;
    })();
    return running;
  };
  const timer = setInterval(() => void poll(), intervalMs);
  timer.unref();
  const unlisten = listen
    ? await db
        .listen(OUTBOX_CHANNEL, () => void poll())
        .catch((err: Error) => {
          log(`[outbox] cannot listen for changes, polling only: ${err.message}`);
          return async () => undefined;
        })
    : async () => undefined;
  return {
    stop: async () => {
      clearInterval(timer);
      await unlisten();
      // A pass in flight finishes before the caller closes the sockets and the database under it.
      await running;
    },
    poll,
  };
}
