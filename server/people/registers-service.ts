import { type z } from 'zod';
import { auditSuccess } from '../audit/audit.ts';
import { can } from '../auth/permissions.ts';
import type { Viewer } from '../auth/scope.ts';
import type { ClientInfo } from '../auth/sessions.ts';
import type { Db } from '../db/db.ts';
import { AppError, invalidParameter } from '../http/app-error.ts';
import { hexCentre, hexRing, mercatorSize } from '../incidents/hexagons.ts';
import { AREA_LATITUDE } from '../incidents/stats-sql.ts';
import { readStats } from '../incidents/stats-service.ts';
import { categoryParams } from './people-scope.ts';
import * as sql from './registers-sql.ts';
import {
  MAX_POINTS,
  MAX_POINTS_SPAN,
  type cellsQuery,
  type hexagonsQuery,
  type pointsQuery,
  type summaryQuery,
  type trendQuery,
} from './people-contract.ts';

/**
 * Bins with fewer members than this are withheld from viewers who may not see those people one by
 * one (a wall, or a leader looking at watch-list categories), so a hexagon count never points at a household.
 */
export const MIN_BIN_COUNT = 3;

/* Register figures (any reader of grids) and member points (readers of people, audited). */
async function kindOf(db: Db, code: string | undefined): Promise<'visit' | 'watch' | null> {
  if (!code) return null;
  const [row] = await db.query<{ kind: 'visit' | 'watch' }>(sql.CATEGORY_EXISTS, [code]);
  if (!row) throw invalidParameter('category', '不是已知的重点人群类别', 'is not a known key-group category');
  return row.kind;
}

/** Whether the viewer sees the people of a category (or of all when null) one by one, anywhere in its area. */
const seesIndividuals = (viewer: Viewer, kind: 'visit' | 'watch' | null) =>
  can(viewer.role, 'people:read') && (kind === 'visit' || can(viewer.role, 'people:watchlist'));

/** The key-group categories and how far the viewer sees each one's people. */
export async function keyGroupCategories(db: Db, viewer: Viewer) {
  const rows = await db.query<{ code: string; kind: 'visit' | 'watch' }>(sql.SELECT_CATEGORIES);
  return rows.map((c) => ({
    ...c,
    /** all: every member in the area; own: those the viewer's staff member is responsible for; none: counts only. */
    individuals: seesIndividuals(viewer, c.kind) ? 'all' : can(viewer.role, 'people:read') && viewer.staffId !== null ? 'own' : 'none',
  }));
}

export async function registerCells(db: Db, viewer: Viewer, q: z.infer<typeof cellsQuery>) {
  await kindOf(db, q.category);
  if ((await db.query(sql.LEVEL_EXISTS, [q.level])).length === 0)
    throw invalidParameter('level', '不是已知的网格层级', 'is not a known grid level');
  const rows = await readStats(db, (tx) => tx.query(sql.FIGURES_BY_CELL, [viewer.areaPath, q.level, q.category ?? null]));
  return { level: q.level, category: q.category ?? null, cells: rows };
}

export async function registerSummary(db: Db, viewer: Viewer, q: z.infer<typeof summaryQuery>) {
  const [cell] = await db.query<Record<string, unknown>>(sql.CELL_SUMMARY, [viewer.areaPath, q.grid]);
  if (!cell) throw new AppError(404, 'grid_not_found', { code: q.grid });
  const keyGroups = await db.query(sql.CELL_KEY_GROUPS, [viewer.areaPath, q.grid]);
  return { ...cell, keyGroups };
}

export async function memberHexagons(db: Db, viewer: Viewer, q: z.infer<typeof hexagonsQuery>) {
  const kind = await kindOf(db, q.category);
  const [centre] = await db.query<{ lat: number }>(AREA_LATITUDE, [viewer.areaPath]);
  const size = mercatorSize(q.size, centre?.lat ?? 0);
  const minCount = seesIndividuals(viewer, kind) ? 1 : MIN_BIN_COUNT;
  const rows = await readStats(db, (tx) =>
    tx.query<{ q: number; r: number; count: number; overdue: number; withheld: boolean }>(sql.MEMBER_HEXAGONS, [
      viewer.areaPath,
      size,
      q.category ?? null,
      q.measure,
      minCount,
    ]),
  );
  const shown = rows.filter((row) => !row.withheld);
  return {
    measure: q.measure,
    category: q.category ?? null,
    size: q.size,
    minCount,
    withheld: rows.length - shown.length,
    cells: shown.map(({ withheld: _w, ...row }) => ({
      ...row,
      centre: hexCentre(row.q, row.r, size),
      ring: hexRing(row.q, row.r, size),
    })),
  };
}

export async function registerTrend(db: Db, viewer: Viewer, q: z.infer<typeof trendQuery>) {
  await kindOf(db, q.category);
  const rows = await readStats(db, (tx) =>
    tx.query<{ month: string; category: string; members: number }>(sql.MONTHLY_MEMBERS, [viewer.areaPath, q.months, q.category ?? null]),
  );
  return { months: q.months, rows };
}

/** Member households in a small box, only of categories the viewer may see one by one; audited with the count. */
export async function memberPoints(db: Db, viewer: Viewer, q: z.infer<typeof pointsQuery>, client: ClientInfo) {
  await kindOf(db, q.category);
  const [w, s, e, n] = q.bbox as [number, number, number, number];
  if (e - w > MAX_POINTS_SPAN || n - s > MAX_POINTS_SPAN) {
    throw new AppError(400, 'zoom_in', { max: MAX_POINTS_SPAN }, 'bbox');
  }
  const rows = await db.query(sql.MEMBER_POINTS, [
    viewer.areaPath,
    ...categoryParams(viewer),
    w,
    s,
    e,
    n,
    q.category ?? null,
    MAX_POINTS + 1,
  ]);
  const truncated = rows.length > MAX_POINTS;
  const points = truncated ? rows.slice(0, MAX_POINTS) : rows;
  await auditSuccess(db, viewer, client, 'people.points', ['area', viewer.areaCode], {
    bbox: q.bbox,
    category: q.category ?? null,
    households: points.length,
  });
  return { truncated, points };
}
