/** SQL of the Open311 GeoReport v2 adapter, as named constants with `$n` parameters only. */

/** The viewer an API key ($1 = its SHA-256) acts as: its user's role and area, unless revoked or disabled. */
export const SELECT_KEY_VIEWER = `
  SELECT k.id AS "keyId", u.id AS "userId", u.username AS name, u.display_name AS "displayName", u.role,
    g.code AS "areaCode", g.path AS "areaPath"
  FROM api_keys k JOIN users u ON u.id = k.user_id JOIN grids g ON g.code = u.area_code
  WHERE k.key_hash = $1 AND k.revoked_at IS NULL AND NOT u.disabled`;
export const TOUCH_KEY = `UPDATE api_keys SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`;

/** A jurisdiction ($2, a cell code) inside the key's area ($1). */
export const SELECT_JURISDICTION = `SELECT code, path FROM grids WHERE code = $2 AND (path = $1 OR path LIKE $1 || '.%')`;

/**
 * Requests in the area ($1) as GeoReport fields: $2 ids joined by commas (or NULL), $3 service code, $4 start,
 * $5 end, $6 'open'|'closed', $7 limit. Status notes and descriptions are added by the caller
 * only for roles that may read free text.
 */
export const SELECT_REQUESTS = `
  SELECT i.id::text AS service_request_id,
    CASE WHEN i.status = 'closed' THEN 'closed' ELSE 'open' END AS status,
    i.status AS loop_status,
    c.name_zh AS service_name, i.category AS service_code, i.description,
    r.name AS agency_responsible,
    i.created_at AS requested_datetime, i.updated_at AS updated_datetime, i.step_deadline AS expected_datetime,
    coalesce(b.name, r.name) AS address,
    round(ST_Y(i.geom)::numeric, 6)::float8 AS lat, round(ST_X(i.geom)::numeric, 6)::float8 AS long,
    (SELECT e.note FROM incident_events e WHERE e.incident_id = i.id AND e.note IS NOT NULL ORDER BY e.id DESC LIMIT 1) AS status_notes
  FROM incidents i
  JOIN incident_categories c ON c.code = i.category
  JOIN grids r ON r.code = i.responsible_code
  LEFT JOIN grids b ON b.code = i.grid_code
  WHERE ((r.path = $1 OR r.path LIKE $1 || '.%') OR (b.path = $1 OR b.path LIKE $1 || '.%'))
    AND ($2::text IS NULL OR i.id = ANY (string_to_array($2::text, ',')::bigint[]))
    AND ($3::text IS NULL OR i.category = $3::text)
    AND ($4::timestamptz IS NULL OR i.created_at >= $4::timestamptz)
    AND ($5::timestamptz IS NULL OR i.created_at < $5::timestamptz)
    AND ($6::text IS NULL OR ($6 = 'closed') = (i.status = 'closed'))
  ORDER BY i.created_at DESC, i.id DESC
  LIMIT $7`;
