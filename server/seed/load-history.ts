import { generateIncidentHistory, type Anchor, type HistoryInput } from './incident-history.ts';
import type { Db } from '../db/db.ts';
import { SELECT_LEAF_LEVEL } from '../grids/grids-sql.ts';
import { SELECT_CATEGORIES } from '../incidents/incidents-sql.ts';
import * as sql from './history-sql.ts';

const BATCH_ROWS = 2000;

/** Default reports per 1,000 households a day: about what a busy street's grid workers log. */
export const DEFAULT_HISTORY_RATE = 5;

/** Options of a history load. */
interface HistoryOptions {
  seed: string;
  days: number;
  /** Incidents per 1,000 weighted anchors a day. */
  ratePer1000?: number;
  /** Aim at about this many incidents in all instead (overrides the rate; benchmarks use it). */
  targetCount?: number;
  /** The clock (tests and the demo pass their own). */
  now?: Date;
  /** Replace incidents already there; without it a database that has incidents is refused. */
  reset?: boolean;
  onProgress?: (written: number) => void;
}

/** Parses `90d`, `12w` or `3m` (30-day months) into days. */
export function parseHistorySpan(text: string): number {
  const m = /^([1-9][0-9]{0,3})([dwm])$/.exec(text.trim());
  if (!m) throw new Error(`--history must look like 90d, 12w or 3m, not "${text}"`);
  const n = Number(m[1]);
  return m[2] === 'd' ? n : m[2] === 'w' ? n * 7 : n * 30;
}

/**
 * Writes a past of incidents over the loaded district, in one transaction: generated from the
 * buildings and the catalogue in the database, so it fits whatever district is loaded. Returns
 * how many incidents were written.
 */
export async function loadIncidentHistory(db: Db, options: HistoryOptions): Promise<number> {
  const now = options.now ?? new Date();
  const [leaf] = await db.query<{ key: string }>(SELECT_LEAF_LEVEL);
  if (!leaf) throw new Error('no district is loaded; run npm run seed first');
  const anchors = await db.query<Anchor>(sql.SELECT_ANCHORS, [leaf.key]);
  const categories = await db.query<{ code: string; defaultColour: HistoryInput['categories'][number]['defaultColour'] }>(
    SELECT_CATEGORIES,
  );
  const limits = {} as HistoryInput['limits'];
  for (const row of await db.query<{ colour: keyof HistoryInput['limits']; step: string; minutes: number }>(sql.SELECT_LIMITS)) {
    (limits[row.colour] ??= {} as HistoryInput['limits']['red'])[row.step as 'accept'] = row.minutes;
  }
  const history = generateIncidentHistory({
    seed: options.seed,
    anchors,
    categories,
    limits,
    from: now.getTime() - options.days * 86_400_000,
    now: now.getTime(),
    // Weekends run at 0.8 of a weekday, so a week averages (5 + 2 × 0.8) / 7 of the daily rate.
    ratePer1000: options.targetCount
      ? (options.targetCount * 1000 * 7) / (5 + 2 * 0.8) / options.days / anchors.reduce((sum, a) => sum + a.weight, 0)
      : (options.ratePer1000 ?? DEFAULT_HISTORY_RATE),
  });
  return db.transaction(async (tx) => {
    const [existing] = await tx.query<{ n: number }>(sql.COUNT_INCIDENTS);
    if (existing!.n > 0) {
      if (!options.reset) throw new Error(`the database already holds ${existing!.n} incidents; add --reset to replace them`);
      await tx.exec(sql.CLEAR_INCIDENTS);
    }
    let written = 0;
    let batch: unknown[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      await tx.query(sql.INSERT_HISTORY, [JSON.stringify(batch)]);
      written += batch.length;
      batch = [];
      options.onProgress?.(written);
    };
    for (const incident of history) {
      batch.push(incident);
      if (batch.length >= BATCH_ROWS) await flush();
    }
    await flush();
    return written;
  });
}
