import { auditSuccess } from '../audit/audit.ts';
import type { Viewer } from '../auth/scope.ts';
import type { Db, Queryable } from '../db/db.ts';
import { AppError, invalidParameter } from '../http/app-error.ts';
import type { ClientInfo } from '../auth/sessions.ts';
import type { OwnTour, TourStep, WallTour } from './tours-contract.ts';
import * as sql from './tours-sql.ts';

interface TourRow {
  steps: TourStep[];
  version: number;
  updatedBy: string | null;
  updatedAt: Date | string | null;
}

const iso = (at: Date | string | null): string | null => (at === null ? null : new Date(at).toISOString());

/** The wall token, when it is live and inside the viewer's area; otherwise, for this viewer, it does not exist. */
async function tokenInArea(q: Queryable, viewer: Viewer, tokenId: number): Promise<{ id: number; areaPath: string }> {
  const [token] = await q.query<{ id: number; areaPath: string }>(sql.SELECT_TOKEN_IN_AREA, [viewer.areaPath, tokenId]);
  if (!token) throw new AppError(404, 'wall_token_not_found', { id: tokenId });
  return token;
}

async function tourOf(q: Queryable, tokenId: number): Promise<WallTour> {
  const [row] = await q.query<TourRow>(sql.SELECT_TOUR, [tokenId]);
  return {
    wallTokenId: tokenId,
    steps: row?.steps ?? [],
    version: row?.version ?? 0,
    updatedBy: row?.updatedBy ?? null,
    updatedAt: iso(row?.updatedAt ?? null),
  };
}

/** A wall token's tour, for the commander who edits it. */
export async function readTour(db: Db, viewer: Viewer, tokenId: number): Promise<WallTour> {
  await tokenInArea(db, viewer, tokenId);
  return tourOf(db, tokenId);
}

/** The tour of the wall asking (a wall token's session); other viewers have none. */
export async function ownTour(db: Db, viewer: Viewer): Promise<OwnTour> {
  if (viewer.wallTokenId === null) return { wallTokenId: null, steps: [], version: 0 };
  const { steps, version } = await tourOf(db, viewer.wallTokenId);
  return { wallTokenId: viewer.wallTokenId, steps, version };
}

/**
 * Replaces a wall token's tour (no steps: stopped) when the editor saw the version now stored:
 * checked, audited and announced to the wall in one transaction. A close-up of a cell outside the
 * wall's area is a 400 naming the step; a version someone else has moved on from is a 409.
 */
export async function saveTour(
  db: Db,
  viewer: Viewer,
  tokenId: number,
  body: { steps: TourStep[]; version: number },
  client: ClientInfo,
): Promise<WallTour> {
  const token = await tokenInArea(db, viewer, tokenId);
  const cells = [...new Set(body.steps.flatMap((s) => (s.cell ? [s.cell] : [])))];
  if (cells.length > 0) {
    const inside = new Set((await db.query<{ code: string }>(sql.CELLS_IN_AREA, [token.areaPath, cells])).map((r) => r.code));
    const i = body.steps.findIndex((s) => s.cell && !inside.has(s.cell));
    if (i >= 0) throw invalidParameter(`steps.${i}.cell`, '不在这块大屏的辖区内', 'is not inside this wall’s area');
  }
  return db.transaction(async (tx) => {
    const [current] = await tx.query<{ version: number }>(sql.SELECT_TOUR_FOR_UPDATE, [tokenId]);
    if ((current?.version ?? 0) !== body.version) throw new AppError(409, 'tour_changed', {}, 'version');
    const [saved] = await tx.query<{ version: number; updatedAt: Date | string }>(sql.UPSERT_TOUR, [
      tokenId,
      JSON.stringify(body.steps),
      body.version,
      viewer.userId,
      viewer.displayName,
    ]);
    // Two editors that both saw no tour: the second one's insert met the first one's row.
    if (!saved) throw new AppError(409, 'tour_changed', {}, 'version');
    await auditSuccess(tx, viewer, client, body.steps.length > 0 ? 'tour.set' : 'tour.stop', ['wall_token', String(tokenId)], {
      version: saved.version,
      steps: body.steps.map((s) => `${s.scene}${s.cell ? `:${s.cell}` : ''}/${s.seconds}s`).join(', '),
    });
    await tx.query(sql.INSERT_TOUR_OUTBOX, [tokenId, saved.version]);
    return {
      wallTokenId: tokenId,
      steps: body.steps,
      version: saved.version,
      updatedBy: viewer.displayName,
      updatedAt: iso(saved.updatedAt),
    };
  });
}
