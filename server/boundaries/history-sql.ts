/**
 * SQL of boundary history: every version of a cell, and what each publish changed under a parent.
 * Deleted cells are gone from `grids`, so scope is checked on the parent ($area is an area path).
 */

/** Whether the parent $1 of a cell lies in the area $2 (a cell's history is visible where its parent is). */
export const PARENT_VISIBLE = `
  SELECT g.code FROM grids g WHERE g.code = $1 AND (g.path = $2 OR g.path LIKE $2 || '.%')`;

/** The newest version row of cell $1, to find its parent. */
export const LATEST_VERSION = `
  SELECT code, parent_code AS "parentCode" FROM grid_versions WHERE code = $1 ORDER BY version DESC LIMIT 1`;

/** Every version of cell $1, newest first, with who published it and why. */
export const CELL_VERSIONS = `
  SELECT v.code, v.version, v.name, v.level, v.parent_code AS "parentCode", v.figures, v.valid_from AS "validFrom",
    v.valid_to AS "validTo", v.change_set_id AS "changeSetId", cs.title AS "changeSetTitle", u.display_name AS author,
    v.reason, v.deleted, ST_AsGeoJSON(v.geom, 7)::json AS geometry
  FROM grid_versions v LEFT JOIN users u ON u.id = v.author_id LEFT JOIN change_sets cs ON cs.id = v.change_set_id
  WHERE v.code = $1 ORDER BY v.version DESC`;

/** Published change sets that changed children of parent $1, newest first ($2 limit). */
export const AREA_TIMELINE = `
  SELECT cs.id, cs.title, cs.published_at AS "publishedAt", u.display_name AS "publishedBy", cs.reason,
    cs.gaps_accepted AS "gapsAccepted", cs.impact -> 'totals' AS totals,
    json_agg(json_build_object('code', v.code, 'name', v.name, 'version', v.version, 'deleted', v.deleted)
      ORDER BY v.code) AS cells
  FROM change_sets cs JOIN grid_versions v ON v.change_set_id = cs.id LEFT JOIN users u ON u.id = cs.published_by
  WHERE cs.status = 'published' AND v.parent_code = $1
  GROUP BY cs.id, u.display_name ORDER BY cs.published_at DESC LIMIT $2`;

/**
 * Before and after of one publish ($1) under parent $2: each cell's version before the change set
 * (null for a new cell) and its version from it (deleted versions carry the last shape).
 */
export const CHANGE_SET_DIFF = `
  SELECT v.code, v.name, v.version, v.deleted, ST_AsGeoJSON(v.geom, 7)::json AS after,
    (SELECT ST_AsGeoJSON(p.geom, 7)::json FROM grid_versions p WHERE p.code = v.code AND p.version < v.version
      ORDER BY p.version DESC LIMIT 1) AS before
  FROM grid_versions v WHERE v.change_set_id = $1 AND v.parent_code = $2 ORDER BY v.code`;

/** The version row $2 of cell $1. */
export const ONE_VERSION = `
  SELECT deleted
  FROM grid_versions WHERE code = $1 AND version = $2`;

/**
 * How the children of parent $1 stood when version $3 of cell $2 was published, against how they
 * stand now: the cells to restore (a past version whose shape differs from the current one, or a
 * cell since deleted) and the cells created since (to delete). The moment stays in SQL: timestamps
 * carry microseconds that a JavaScript Date would drop.
 */
export const RESTORE_PLAN = `
  WITH t AS (SELECT valid_from AS at FROM grid_versions WHERE code = $2 AND version = $3),
  past AS (
    SELECT v.code, v.version, v.name, v.geom FROM grid_versions v, t
    WHERE v.parent_code = $1 AND NOT v.deleted AND v.valid_from <= t.at AND (v.valid_to IS NULL OR v.valid_to > t.at)
  )
  SELECT p.code, CASE WHEN g.code IS NULL THEN 'create' ELSE 'update' END AS action, p.name,
    ST_AsGeoJSON(p.geom)::text AS geometry
  FROM past p LEFT JOIN grids g ON g.code = p.code
  WHERE g.code IS NULL OR NOT ST_Equals(g.geom, p.geom) OR g.name <> p.name
  UNION ALL
  SELECT g.code, 'delete', g.name, NULL FROM grids g
  WHERE g.parent_code = $1 AND NOT EXISTS (SELECT 1 FROM past p WHERE p.code = g.code)
  ORDER BY code`;
