import { z } from 'zod';
import { recordAudit } from '../audit/audit.ts';
import type { Viewer } from '../auth/scope.ts';
import type { ClientInfo } from '../auth/sessions.ts';
import { hashToken, newToken } from '../auth/tokens.ts';
import type { Db } from '../db/db.ts';
import { AppError } from '../http/app-error.ts';

const IN_AREA = `(g.path = $1 OR g.path LIKE $1 || '.%')`;
const LIST = `
  SELECT k.id, k.name, u.username, u.role, u.area_code AS "areaCode", k.created_at AS "createdAt",
         k.last_used_at AS "lastUsedAt", k.revoked_at AS "revokedAt", c.username AS "createdBy"
  FROM api_keys k JOIN users u ON u.id = k.user_id JOIN grids g ON g.code = u.area_code JOIN users c ON c.id = k.created_by
  WHERE ${IN_AREA}
  ORDER BY k.created_at DESC`;
const USER_IN_AREA = `SELECT u.id FROM users u JOIN grids g ON g.code = u.area_code WHERE u.id = $2 AND ${IN_AREA}`;
const KEY_IN_AREA = `SELECT k.id FROM api_keys k JOIN users u ON u.id = k.user_id JOIN grids g ON g.code = u.area_code WHERE k.id = $2 AND ${IN_AREA}`;
const INSERT = 'INSERT INTO api_keys (user_id, name, key_hash, created_by) VALUES ($1, $2, $3, $4) RETURNING id';
const REVOKE = 'UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL';

/** Body of POST /api/api-keys: which account the key acts as, and a name saying which client holds it. */
export const createApiKeySchema = z.object({ name: z.string().trim().min(1).max(60), userId: z.coerce.number().int().positive() }).strict();

/** API keys for Open311 clients, inside the admin's area: create (shown once), list, revoke. */
export function createApiKeys(db: Db) {
  return {
    list: (viewer: Viewer) => db.query(LIST, [viewer.areaPath]),

    async create(viewer: Viewer, body: z.infer<typeof createApiKeySchema>, client: ClientInfo): Promise<{ id: number; key: string }> {
      if ((await db.query(USER_IN_AREA, [viewer.areaPath, body.userId])).length === 0) throw new AppError(404, 'not_found');
      const key = newToken();
      return db.transaction(async (tx) => {
        const [row] = await tx.query<{ id: number }>(INSERT, [body.userId, body.name, hashToken(key), viewer.userId]);
        await recordAudit(tx, {
          action: 'apikey.create',
          outcome: 'success',
          viewer,
          objectType: 'api_key',
          objectId: String(row!.id),
          ip: client.ip,
          detail: { userId: body.userId },
        });
        return { id: row!.id, key };
      });
    },

    async revoke(viewer: Viewer, id: number, client: ClientInfo): Promise<void> {
      if ((await db.query(KEY_IN_AREA, [viewer.areaPath, id])).length === 0) throw new AppError(404, 'not_found');
      await db.transaction(async (tx) => {
        await tx.query(REVOKE, [id]);
        await recordAudit(tx, {
          action: 'apikey.revoke',
          outcome: 'success',
          viewer,
          objectType: 'api_key',
          objectId: String(id),
          ip: client.ip,
        });
      });
    },
  };
}
