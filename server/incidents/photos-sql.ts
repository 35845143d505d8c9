/** SQL of incident photos, as named constants with `$n` parameters only. */

/** The incident ($1) if the viewer's area ($2) covers it, locked so two uploads count photos one after the other. */
export const LOCK_VISIBLE_INCIDENT = `
  SELECT i.id FROM incidents i
  JOIN grids r ON r.code = i.responsible_code
  LEFT JOIN grids g ON g.code = i.grid_code
  WHERE i.id = $1::bigint AND ((r.path = $2 OR r.path LIKE $2 || '.%') OR (g.path = $2 OR g.path LIKE $2 || '.%'))
  FOR UPDATE OF i`;

export const COUNT_PHOTOS = 'SELECT count(*)::int AS n FROM incident_photos WHERE incident_id = $1::bigint';

export const INSERT_PHOTO = `
  INSERT INTO incident_photos (incident_id, content_type, size, sha256, bytes) VALUES ($1::bigint, $2, $3, $4, $5)
  RETURNING id::text AS id, content_type AS "contentType", size, created_at AS "createdAt"`;

export const LIST_PHOTOS = `
  SELECT id::text AS id, content_type AS "contentType", size, created_at AS "createdAt"
  FROM incident_photos WHERE incident_id = $1::bigint ORDER BY id`;

/** One photo's bytes, only through an incident the viewer's area ($3) covers. */
export const SELECT_PHOTO = `
  SELECT p.content_type AS "contentType", p.bytes, p.sha256
  FROM incident_photos p
  JOIN incidents i ON i.id = p.incident_id
  JOIN grids r ON r.code = i.responsible_code
  LEFT JOIN grids g ON g.code = i.grid_code
  WHERE p.id = $1::bigint AND p.incident_id = $2::bigint
    AND ((r.path = $3 OR r.path LIKE $3 || '.%') OR (g.path = $3 OR g.path LIKE $3 || '.%'))`;
