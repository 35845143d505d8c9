import type { Viewer } from '../auth/scope.ts';
import type { Db } from '../db/db.ts';
import { hexCentre, hexRing, mercatorSize } from './hexagons.ts';
import type { z } from 'zod';
import type { ResponseHexagons, ResponseKpis, statsSchema } from './stats-contract.ts';
import * as sql from './stats-sql.ts';

/** A period and what to measure, as validated by statsSchema. */
type StatsQuery = z.infer<typeof statsSchema>;

const DAY_MS = 86_400_000;
const BEIJING_MS = 8 * 3_600_000;

/** The period asked for, defaulting to the 30 days up to now. */
function periodOf(q: Pick<StatsQuery, 'from' | 'to'>, now = new Date()): { from: Date; to: Date } {
  const to = q.to ? new Date(q.to) : now;
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 30 * DAY_MS);
  return { from, to };
}

/** Start of today in Beijing time (UTC+8 all year). */
function beijingMidnight(now: Date): Date {
  const t = now.getTime() + BEIJING_MS;
  return new Date(t - (t % DAY_MS) - BEIJING_MS);
}

/** The KPI query's one row (counts are never null; times and rates are when nothing was measured). */
interface KpiRow {
  today: number;
  reported: number;
  closed: number;
  closedOnTime: number;
  arriveP50: number | null;
  arriveP90: number | null;
  closeP50: number | null;
  closeP90: number | null;
  openNow: number;
  overdueNow: number;
}

/** Runs statistics queries with their settings (no JIT, room to sort), which end with the transaction. */
export const readStats = <T>(db: Db, fn: (tx: Pick<Db, 'query'>) => Promise<T>) =>
  db.transaction(async (tx) => {
    await tx.exec(sql.STATS_SETTINGS);
    return fn(tx);
  });

/** Response-time hexagons of the viewer's area, binned and ranked in PostGIS. */
export async function responseHexagons(db: Db, viewer: Viewer, q: StatsQuery): Promise<ResponseHexagons> {
  const { from, to } = periodOf(q);
  const [centre] = await db.query<{ lat: number }>(sql.AREA_LATITUDE, [viewer.areaPath]);
  const size = mercatorSize(q.size, centre?.lat ?? 0);
  const rows = await readStats(db, (tx) =>
    tx.query<{ q: number; r: number; count: number; p50: number; p90: number }>(sql.RESPONSE_HEXAGONS, [
      viewer.areaPath,
      from.toISOString(),
      to.toISOString(),
      q.measure,
      size,
      q.colour ?? null,
    ]),
  );
  return {
    measure: q.measure,
    size: q.size,
    colour: q.colour ?? null,
    from: from.toISOString(),
    to: to.toISOString(),
    cells: rows.map((row) => ({ ...row, centre: hexCentre(row.q, row.r, size), ring: hexRing(row.q, row.r, size) })),
  };
}

/** The response KPIs of the viewer's area over a period, with a daily series. */
export async function responseKpis(db: Db, viewer: Viewer, q: Pick<StatsQuery, 'from' | 'to'>, now = new Date()): Promise<ResponseKpis> {
  const { from, to } = periodOf(q, now);
  const params = [viewer.areaPath, from.toISOString(), to.toISOString()];
  // Two reads side by side: on a PostGIS server they run on two connections (PGlite takes them in turn).
  const [[row], daily] = await Promise.all([
    readStats(db, (tx) => tx.query<KpiRow>(sql.KPIS, [...params, beijingMidnight(now).toISOString()])),
    readStats(db, (tx) => tx.query<ResponseKpis['daily'][number]>(sql.DAILY, params)),
  ]);
  const k = row!;
  const ratio = (a: number | null, b: number | null) => (b ? Math.round((1000 * (a ?? 0)) / b) / 1000 : null);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    today: k.today,
    reported: k.reported,
    closed: k.closed,
    closureRate: ratio(k.closed, k.reported),
    onTimeRate: ratio(k.closedOnTime, k.closed),
    arrive: { p50: k.arriveP50, p90: k.arriveP90 },
    close: { p50: k.closeP50, p90: k.closeP90 },
    openNow: k.openNow,
    overdueNow: k.overdueNow,
    daily,
  };
}
