/**
 * SQL of the issued credentials, one set per kind; every statement is limited to the issuer's
 * area ($1 area path).
 */

export const WALL_TOKENS = {
  list: `
    SELECT w.id, w.name, w.area_code AS "areaCode", g.name AS "areaName", w.created_at AS "createdAt",
           w.last_used_at AS "lastUsedAt", w.revoked_at AS "revokedAt", u.username AS "createdBy"
    FROM wall_tokens w JOIN grids g ON g.code = w.area_code JOIN users u ON u.id = w.created_by
    WHERE g.path = $1 OR g.path LIKE $1 || '.%'
    ORDER BY w.created_at DESC`,
  /** The cell the token shows ($2 code) lies inside the area. */
  ownerInArea: `SELECT 1 FROM grids WHERE code = $2 AND (path = $1 OR path LIKE $1 || '.%')`,
  credentialInArea: `
    SELECT w.id FROM wall_tokens w JOIN grids g ON g.code = w.area_code
    WHERE w.id = $2 AND (g.path = $1 OR g.path LIKE $1 || '.%')`,
  insert: 'INSERT INTO wall_tokens (name, area_code, token_hash, created_by) VALUES ($1, $2, $3, $4) RETURNING id',
  revoke: 'UPDATE wall_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL',
} as const;

export const API_KEYS = {
  list: `
    SELECT k.id, k.name, u.username, u.role, u.area_code AS "areaCode", k.created_at AS "createdAt",
           k.last_used_at AS "lastUsedAt", k.revoked_at AS "revokedAt", c.username AS "createdBy"
    FROM api_keys k JOIN users u ON u.id = k.user_id JOIN grids g ON g.code = u.area_code JOIN users c ON c.id = k.created_by
    WHERE g.path = $1 OR g.path LIKE $1 || '.%'
    ORDER BY k.created_at DESC`,
  /** The account the key acts as ($2 user id) belongs to the area. */
  ownerInArea: `SELECT u.id FROM users u JOIN grids g ON g.code = u.area_code WHERE u.id = $2 AND (g.path = $1 OR g.path LIKE $1 || '.%')`,
  credentialInArea: `
    SELECT k.id FROM api_keys k JOIN users u ON u.id = k.user_id JOIN grids g ON g.code = u.area_code
    WHERE k.id = $2 AND (g.path = $1 OR g.path LIKE $1 || '.%')`,
  insert: 'INSERT INTO api_keys (name, user_id, key_hash, created_by) VALUES ($1, $2, $3, $4) RETURNING id',
  revoke: 'UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL',
} as const;
