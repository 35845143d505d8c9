/**
 * SQL of publishing a change set ($1 its id) in one transaction. Moves arrive as JSON arrays
 * computed beforehand by impact-sql.ts, so what is applied is exactly what the report showed.
 */

/**
 * Locks the changed cells and their parents, parents first and each in code order, so two
 * publishes of one parent queue instead of deadlocking. NO KEY UPDATE: incidents and households
 * that merely reference a cell (a foreign-key check) are not held up by it.
 */
export const LOCK_CELLS = `
  SELECT g.code, g.version, ST_AsGeoJSON(g.geom, 7)::json AS geometry
  FROM grids g WHERE g.code = ANY($1::text[]) ORDER BY length(g.code), g.code FOR NO KEY UPDATE`;

/**
 * New cells are written first: households and incidents move into them. A code that was deleted
 * and comes back (a roll back) continues its version numbers.
 */
export const INSERT_CREATED_CELLS = `
  INSERT INTO grids (code, name, level, parent_code, geom, version)
  SELECT c.code, c.name, c.level, c.parent_code, c.geom,
    coalesce((SELECT max(v.version) FROM grid_versions v WHERE v.code = c.code), 0) + 1
  FROM change_set_cells c WHERE c.change_set_id = $1 AND c.action = 'create'`;

export const UPDATE_CHANGED_CELLS = `
  UPDATE grids g SET geom = c.geom, name = c.name, version = g.version + 1, updated_at = now()
  FROM change_set_cells c WHERE c.change_set_id = $1 AND c.action = 'update' AND g.code = c.code`;

/** $1 moves [{id, toCode}] of households. */
export const MOVE_HOUSEHOLDS = `
  UPDATE households h SET grid_code = m."toCode"
  FROM json_to_recordset($1::json) AS m(id integer, "toCode" text) WHERE h.id = m.id`;

/** $1 moves [{id, toCode}] of blocks. */
export const MOVE_BLOCKS = `
  UPDATE blocks b SET grid_code = m."toCode"
  FROM json_to_recordset($1::json) AS m(id integer, "toCode" text) WHERE b.id = m.id`;

/**
 * $1 moves [{id, fromCode, toCode}] of incidents: the base grid follows the point, and so does the
 * responsibility when it lay with that grid (an escalated incident stays where it was escalated).
 */
export const MOVE_INCIDENTS = `
  UPDATE incidents i SET grid_code = m."toCode",
    responsible_code = CASE WHEN i.responsible_code = m."fromCode" THEN m."toCode" ELSE i.responsible_code END,
    version = i.version + 1, updated_at = now()
  FROM json_to_recordset($1::json) AS m(id bigint, "fromCode" text, "toCode" text) WHERE i.id = m.id`;

/** An event on each moved open incident's history ($2 user id, $3 actor name, $4 change set id). */
export const INCIDENT_MOVE_EVENTS = `
  INSERT INTO incident_events (incident_id, actor_user_id, actor_name, from_status, to_status, note)
  SELECT i.id, $2, $3, i.status, i.status, '网格边界调整（变更 #' || $4 || '）：' || m."fromCode" || ' → ' || m."toCode"
  FROM json_to_recordset($1::json) AS m(id bigint, "fromCode" text, "toCode" text) JOIN incidents i ON i.id = m.id
  WHERE i.status <> 'closed'`;

/** $1 [{code, heir}]: what a deleted cell still holds goes to its heir. */
export const HAND_OVER = `
  WITH h AS (SELECT * FROM json_to_recordset($1::json) AS x(code text, heir text)),
  staff AS (
    INSERT INTO staff_assignments (staff_id, grid_code, duty, since)
    SELECT s.staff_id, h.heir, s.duty, s.since FROM staff_assignments s JOIN h ON h.code = s.grid_code
    ON CONFLICT DO NOTHING RETURNING 1
  ),
  leader AS (
    UPDATE grids g SET leader_staff_id = d.leader_staff_id
    FROM h JOIN grids d ON d.code = h.code WHERE g.code = h.heir AND g.leader_staff_id IS NULL RETURNING 1
  ),
  -- One statement for both columns: two CTEs updating one row apply only one of the changes, which
  -- left a case based in a deleted cell when its base and its responsible cell were both deleted.
  inc AS (
    UPDATE incidents i SET grid_code = coalesce((SELECT h.heir FROM h WHERE h.code = i.grid_code), i.grid_code),
      responsible_code = coalesce((SELECT h.heir FROM h WHERE h.code = i.responsible_code), i.responsible_code)
    WHERE i.grid_code IN (SELECT code FROM h) OR i.responsible_code IN (SELECT code FROM h) RETURNING 1
  ),
  blk AS (UPDATE blocks b SET grid_code = h.heir FROM h WHERE b.grid_code = h.code RETURNING 1),
  hh AS (UPDATE households x SET grid_code = h.heir FROM h WHERE x.grid_code = h.code RETURNING 1)
  SELECT (SELECT count(*) FROM staff)::int AS staff, (SELECT count(*) FROM hh)::int AS households`;

/** Areas of imports and drafts kept for history move up to the deleted cells' parent. */
export const LIFT_AREAS = `
  WITH d AS (SELECT code, parent_code FROM change_set_cells WHERE change_set_id = $1 AND action = 'delete'),
  imports AS (UPDATE register_imports r SET area_code = d.parent_code FROM d WHERE r.area_code = d.code RETURNING 1),
  files AS (UPDATE boundary_imports b SET area_code = d.parent_code FROM d WHERE b.area_code = d.code RETURNING 1)
  UPDATE change_sets c SET area_code = d.parent_code FROM d WHERE c.area_code = d.code`;

/** A deleted cell's last version: its final shape, marked deleted, closed at once. */
export const INSERT_DELETED_VERSIONS = `
  INSERT INTO grid_versions (code, version, name, level, parent_code, geom, valid_from, valid_to, change_set_id, author_id, reason, deleted)
  SELECT g.code, g.version + 1, g.name, g.level, g.parent_code, g.geom, now(), now(), $1, $2, $3, true
  FROM grids g JOIN change_set_cells c ON c.code = g.code AND c.change_set_id = $1 AND c.action = 'delete'`;

export const DELETE_ASSIGNMENTS = `
  DELETE FROM staff_assignments WHERE grid_code IN (SELECT code FROM change_set_cells WHERE change_set_id = $1 AND action = 'delete')`;

export const DELETE_CELLS = `
  DELETE FROM grids WHERE code IN (SELECT code FROM change_set_cells WHERE change_set_id = $1 AND action = 'delete')`;

/** Closes the versions the change set replaces (before the new ones are written). */
export const CLOSE_VERSIONS = `
  UPDATE grid_versions v SET valid_to = now()
  FROM change_set_cells c WHERE c.change_set_id = $1 AND v.code = c.code AND v.valid_to IS NULL AND NOT v.deleted`;

/** The new version of each created or updated cell, with the figures it has now. */
export const INSERT_NEW_VERSIONS = `
  INSERT INTO grid_versions (code, version, name, level, parent_code, geom, figures, valid_from, change_set_id, author_id, reason)
  SELECT g.code, g.version, g.name, g.level, g.parent_code, g.geom,
    jsonb_build_object(
      'households', (SELECT count(*) FROM households h WHERE h.grid_code = g.code),
      'residents', (SELECT count(*) FROM residents r JOIN households h ON h.id = r.household_id WHERE h.grid_code = g.code),
      'areaM2', round(g.area_m2)),
    now(), $1, $2, $3
  FROM grids g JOIN change_set_cells c ON c.code = g.code AND c.change_set_id = $1 AND c.action <> 'delete'`;

export const MARK_PUBLISHED = `
  UPDATE change_sets SET status = 'published', published_by = $2, published_at = now(), updated_at = now(),
    reason = $3, gaps_accepted = $4, impact = $5::jsonb
  WHERE id = $1`;

export const VERSIONS_OF_CHANGE_SET = `SELECT code, version FROM grid_versions WHERE change_set_id = $1 ORDER BY code`;
