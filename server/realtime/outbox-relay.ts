import type { Db } from '../db/db.ts';
import { emitRow, outboxPosition, readOutboxAfter, stampOutbox } from './outbox.ts';
import type { RealtimeServer } from './realtime-server.ts';
import { roomsFor } from './rooms.ts';

const PAGE = 500;

/**
 * Stamps and pushes outbox rows to the rooms of the cells they concern. Every server process runs
 * its own relay for its own sockets, reading the shared outbox by sequence, so nothing
 * depends on timers or memory surviving a restart: a client that reconnects replays
 * what it missed from its last sequence number. Polling (not LISTEN) keeps one code path
 * on both backends; the interval bounds the push latency.
 */
export async function startOutboxRelay(
  db: Db,
  io: RealtimeServer,
  intervalMs: number,
  log: (line: string) => void,
): Promise<{ stop(): void; poll(): Promise<void> }> {
  // The position is taken before the server listens, so no row written after start-up is skipped
  // (reading it at the first tick would silently pass over rows written in between).
  let last = await outboxPosition(db);
  let running = false;
  const poll = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      await stampOutbox(db);
      for (;;) {
        const rows = await readOutboxAfter(db, last, PAGE);
        for (const row of rows) {
          emitRow(io.to(roomsFor(row)), row);
          last = row.seq;
        }
        if (rows.length < PAGE) break;
      }
    } catch (err) {
      log(`[outbox] relay failed, retrying: ${(err as Error).message}`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void poll(), intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer), poll };
}
