import type { OutboxRow } from './outbox.ts';

/**
 * The rows this process's relay pushed last, in sequence order (the outbox numbers every row, so
 * they are consecutive). A socket catching up from the database is left out of live pushes, and
 * takes what the relay pushed meanwhile from here in the same tick as it rejoins them: otherwise
 * a live event could reach it before older replayed ones, and a client that keeps the highest
 * number it has would drop those older ones for good.
 */
export function createRecentRows(capacity = 5000) {
  const rows: OutboxRow[] = [];
  return {
    push(row: OutboxRow): void {
      rows.push(row);
      if (rows.length > capacity) rows.splice(0, rows.length - capacity);
    },
    /** The pushed rows after `after`, or null when some of them have already been let go (read the database again). */
    since(after: number): OutboxRow[] | null {
      if (rows.length === 0 || Number(rows.at(-1)!.seq) <= after) return [];
      if (Number(rows[0]!.seq) > after + 1) return null;
      return rows.filter((r) => Number(r.seq) > after);
    },
  };
}

export type RecentRows = ReturnType<typeof createRecentRows>;
