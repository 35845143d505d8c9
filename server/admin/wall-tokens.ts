import { z } from 'zod';
import { recordAudit } from '../audit/audit.ts';
import type { Viewer } from '../auth/scope.ts';
import { revokeWallSessions, type ClientInfo } from '../auth/sessions.ts';
import type { SessionHub } from '../auth/sign-in.ts';
import { hashToken, newToken } from '../auth/tokens.ts';
import type { Db } from '../db/db.ts';
import { AppError } from '../http/app-error.ts';

const LIST = `
  SELECT w.id, w.name, w.area_code AS "areaCode", g.name AS "areaName", w.created_at AS "createdAt",
         w.last_used_at AS "lastUsedAt", w.revoked_at AS "revokedAt", u.username AS "createdBy"
  FROM wall_tokens w JOIN grids g ON g.code = w.area_code JOIN users u ON u.id = w.created_by
  WHERE g.path = $1 OR g.path LIKE $1 || '.%'
  ORDER BY w.created_at DESC`;
const IN_AREA = `
  SELECT w.id FROM wall_tokens w JOIN grids g ON g.code = w.area_code
  WHERE w.id = $2 AND (g.path = $1 OR g.path LIKE $1 || '.%')`;
const GRID_IN_AREA = `SELECT 1 FROM grids WHERE code = $2 AND (path = $1 OR path LIKE $1 || '.%')`;
const INSERT = `INSERT INTO wall_tokens (name, area_code, token_hash, created_by) VALUES ($1, $2, $3, $4) RETURNING id`;
const REVOKE = 'UPDATE wall_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id';

/** Body of POST /api/wall-tokens. */
export const createWallTokenSchema = z
  .object({ name: z.string().trim().min(1).max(60), areaCode: z.string().regex(/^[0-9]{12}(?:[0-9]{3})*$/) })
  .strict();

/** Wall-display tokens inside the creator's area: create (shown once), list, revoke (drops the display at once). */
export function createWallTokens(db: Db, hub: SessionHub) {
  return {
    list: (viewer: Viewer) => db.query(LIST, [viewer.areaPath]),

    async create(viewer: Viewer, body: z.infer<typeof createWallTokenSchema>, client: ClientInfo): Promise<{ id: number; token: string }> {
      if ((await db.query(GRID_IN_AREA, [viewer.areaPath, body.areaCode])).length === 0)
        throw new AppError(404, 'grid_not_found', { code: body.areaCode });
      const token = newToken();
      return db.transaction(async (tx) => {
        const [row] = await tx.query<{ id: number }>(INSERT, [body.name, body.areaCode, hashToken(token), viewer.userId]);
        await recordAudit(tx, {
          action: 'walltoken.create',
          outcome: 'success',
          viewer,
          objectType: 'wall_token',
          objectId: String(row!.id),
          ip: client.ip,
          detail: { areaCode: body.areaCode },
        });
        return { id: row!.id, token };
      });
    },

    async revoke(viewer: Viewer, id: number, client: ClientInfo): Promise<void> {
      if ((await db.query(IN_AREA, [viewer.areaPath, id])).length === 0) throw new AppError(404, 'not_found');
      const dropped = await db.transaction(async (tx) => {
        await tx.query(REVOKE, [id]);
        await recordAudit(tx, {
          action: 'walltoken.revoke',
          outcome: 'success',
          viewer,
          objectType: 'wall_token',
          objectId: String(id),
          ip: client.ip,
        });
        return revokeWallSessions(tx, id);
      });
      hub.dropSessions(dropped);
    },
  };
}
