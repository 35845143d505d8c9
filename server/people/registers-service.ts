import { z } from 'zod';
import { recordAudit } from '../audit/audit.ts';
import { can } from '../auth/permissions.ts';
import type { Viewer } from '../auth/scope.ts';
import type { ClientInfo } from '../auth/sessions.ts';
import type { Db } from '../db/db.ts';
import { AppError, invalidParameter } from '../http/app-error.ts';
import { hexCentre, hexRing, mercatorSize } from '../incidents/hexagons.ts';
import { AREA_LATITUDE, STATS_SETTINGS } from '../incidents/stats-sql.ts';
import { categoryParams } from './people-scope.ts';
import * as sql from './registers-sql.ts';

const category = z.string().regex(/^[a-z_]{2,40}$/);
const cellCode = z.string().regex(/^[0-9]{12}(?:[0-9]{3})*$/);

/** Query of GET /api/registers/cells: figures for every cell of a level, for one category or all. */
export const cellsQuery = z.object({ level: z.string().regex(/^[a-z_]{2,40}$/), category: category.optional() }).strict();

/** Query of GET /api/registers/summary. */
export const summaryQuery = z.object({ grid: cellCode }).strict();

/** Query of GET /api/registers/hexagons: density of members, or of those overdue for a visit. */
export const hexagonsQuery = z
  .object({
    category: category.optional(),
    measure: z.enum(['members', 'overdue']).default('members'),
    size: z.coerce.number().int().min(100).max(3000).default(300),
  })
  .strict();

/** Query of GET /api/registers/trend. */
export const trendQuery = z.object({ category: category.optional(), months: z.coerce.number().int().min(1).max(36).default(12) }).strict();

/** Points are for close zoom only: a box at most this many degrees across (about 5 km). */
export const MAX_POINTS_SPAN = 0.05;
/** At most this many households in one answer; the client says when there were more. */
export const MAX_POINTS = 3000;

/** Query of GET /api/registers/points: a box as west,south,east,north. */
export const pointsQuery = z
  .object({
    bbox: z
      .string()
      .transform((s) => s.split(',').map(Number))
      .refine((b) => b.length === 4 && b.every(Number.isFinite), 'west,south,east,north')
      .refine(
        (b) => b[0]! >= -180 && b[2]! <= 180 && b[1]! >= -90 && b[3]! <= 90 && b[0]! < b[2]! && b[1]! < b[3]!,
        'west,south,east,north',
      ),
    category: category.optional(),
  })
  .strict();

/**
 * Bins with fewer members than this are withheld from viewers who may not see those people one by
 * one (a wall, or a leader looking at watch-list categories), so a hexagon count never points at a household.
 */
export const MIN_BIN_COUNT = 3;

/** Register figures (any reader of grids) and member points (readers of people, audited). */
export function createRegistersService(db: Db) {
  const kindOf = async (code: string | undefined): Promise<'visit' | 'watch' | null> => {
    if (!code) return null;
    const [row] = await db.query<{ kind: 'visit' | 'watch' }>(sql.CATEGORY_EXISTS, [code]);
    if (!row) throw invalidParameter('category', '不是已知的重点人群类别', 'is not a known key-group category');
    return row.kind;
  };
  /** Whether the viewer sees the people of a category (or of all when null) one by one, anywhere in its area. */
  const seesIndividuals = (viewer: Viewer, kind: 'visit' | 'watch' | null) =>
    can(viewer.role, 'people:read') && (kind === 'visit' || can(viewer.role, 'people:watchlist'));
  const read = <T>(fn: (tx: Pick<Db, 'query'>) => Promise<T>) =>
    db.transaction(async (tx) => {
      await tx.exec(STATS_SETTINGS);
      return fn(tx);
    });

  return {
    async categories(viewer: Viewer) {
      const rows = await db.query<{ code: string; kind: 'visit' | 'watch' }>(sql.SELECT_CATEGORIES);
      return rows.map((c) => ({
        ...c,
        /** all: every member in the area; own: those the viewer's staff member is responsible for; none: counts only. */
        individuals: seesIndividuals(viewer, c.kind) ? 'all' : can(viewer.role, 'people:read') && viewer.staffId !== null ? 'own' : 'none',
      }));
    },

    async cells(viewer: Viewer, q: z.infer<typeof cellsQuery>) {
      await kindOf(q.category);
      if ((await db.query(sql.LEVEL_EXISTS, [q.level])).length === 0)
        throw invalidParameter('level', '不是已知的网格层级', 'is not a known grid level');
      const rows = await read((tx) => tx.query(sql.FIGURES_BY_CELL, [viewer.areaPath, q.level, q.category ?? null]));
      return { level: q.level, category: q.category ?? null, cells: rows };
    },

    async summary(viewer: Viewer, q: z.infer<typeof summaryQuery>) {
      const [cell] = await db.query<Record<string, unknown>>(sql.CELL_SUMMARY, [viewer.areaPath, q.grid]);
      if (!cell) throw new AppError(404, 'grid_not_found', { code: q.grid });
      const keyGroups = await db.query(sql.CELL_KEY_GROUPS, [viewer.areaPath, q.grid]);
      return { ...cell, keyGroups };
    },

    async hexagons(viewer: Viewer, q: z.infer<typeof hexagonsQuery>) {
      const kind = await kindOf(q.category);
      const [centre] = await db.query<{ lat: number }>(AREA_LATITUDE, [viewer.areaPath]);
      const size = mercatorSize(q.size, centre?.lat ?? 0);
      const minCount = seesIndividuals(viewer, kind) ? 1 : MIN_BIN_COUNT;
      const rows = await read((tx) =>
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
    },

    async trend(viewer: Viewer, q: z.infer<typeof trendQuery>) {
      await kindOf(q.category);
      const rows = await read((tx) =>
        tx.query<{ month: string; category: string; members: number }>(sql.MONTHLY_MEMBERS, [
          viewer.areaPath,
          q.months,
          q.category ?? null,
        ]),
      );
      return { months: q.months, rows };
    },

    /** Member households in a small box, only of categories the viewer may see one by one; audited with the count. */
    async points(viewer: Viewer, q: z.infer<typeof pointsQuery>, client: ClientInfo) {
      await kindOf(q.category);
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
      await recordAudit(db, {
        action: 'people.points',
        outcome: 'success',
        viewer,
        objectType: 'area',
        objectId: viewer.areaCode,
        ip: client.ip,
        detail: { bbox: q.bbox, category: q.category ?? null, households: points.length },
      });
      return { truncated, points };
    },
  };
}
