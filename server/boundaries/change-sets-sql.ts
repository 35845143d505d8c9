/**
 * SQL of draft change sets. A change set belongs to an area (the operator's when it was opened);
 * $area parameters are area paths and every read filters by them, so a change set outside the
 * viewer's area is as absent as one that does not exist.
 */

/** The finest level that tiles its parent: the only level drafts edit (see docs/decisions.md). */
export const LEAF_LEVEL = `SELECT key FROM grid_levels WHERE tiles_parent ORDER BY rank DESC LIMIT 1`;

export const INSERT_CHANGE_SET = `
  INSERT INTO change_sets (area_code, title, created_by) VALUES ($1, $2, $3)
  RETURNING id`;

const SUMMARY_COLUMNS = `
  cs.id, cs.title, cs.status, cs.area_code AS "areaCode", cs.created_at AS "createdAt", cs.updated_at AS "updatedAt",
  cu.display_name AS "createdBy", cs.published_at AS "publishedAt", pu.display_name AS "publishedBy", cs.reason,
  cs.gaps_accepted AS "gapsAccepted",
  (SELECT count(*)::int FROM change_set_cells c WHERE c.change_set_id = cs.id) AS "cellCount"`;

const IN_AREA = `JOIN grids a ON a.code = cs.area_code AND (a.path = $1 OR a.path LIKE $1 || '.%')`;

/** Change sets in the area $1, drafts first, newest first; $2 status filter or null. */
export const LIST_CHANGE_SETS = `
  SELECT ${SUMMARY_COLUMNS}
  FROM change_sets cs ${IN_AREA}
  JOIN users cu ON cu.id = cs.created_by LEFT JOIN users pu ON pu.id = cs.published_by
  WHERE ($2::text IS NULL OR cs.status = $2)
  ORDER BY cs.status = 'draft' DESC, cs.updated_at DESC LIMIT 100`;

/** One change set $2 in the area $1. */
export const GET_CHANGE_SET = `
  SELECT ${SUMMARY_COLUMNS}, cs.impact
  FROM change_sets cs ${IN_AREA}
  JOIN users cu ON cu.id = cs.created_by LEFT JOIN users pu ON pu.id = cs.published_by
  WHERE cs.id = $2`;

/** The same, locked for a change (a second writer waits, then sees the new state). */
export const LOCK_CHANGE_SET = `
  SELECT cs.id, cs.status, cs.area_code AS "areaCode", a.path AS "areaPath"
  FROM change_sets cs ${IN_AREA} WHERE cs.id = $2 FOR UPDATE OF cs`;

/**
 * The cells of change set $1: the drafted shape, the version it was drawn on and the cell's current
 * version and shape (null when the cell is new or has since been deleted).
 */
export const CHANGE_SET_CELLS = `
  SELECT c.code, c.action, c.name, c.level, c.parent_code AS "parentCode", c.base_version AS "baseVersion",
    ST_AsGeoJSON(c.geom, 9)::json AS geometry,
    g.version AS "currentVersion", ST_AsGeoJSON(g.geom, 9)::json AS "currentGeometry"
  FROM change_set_cells c LEFT JOIN grids g ON g.code = c.code
  WHERE c.change_set_id = $1 ORDER BY c.parent_code, c.code`;

/** The cells of change set $1 as the checks take them ($1 records: code, action, GeoJSON text). */
export const CHANGE_SET_RECORDS = `
  SELECT c.parent_code AS "parentCode", c.code, c.action, ST_AsGeoJSON(c.geom)::text AS geometry
  FROM change_set_cells c WHERE c.change_set_id = $1 ORDER BY c.parent_code, c.code`;

/** A cell $1 of the area $2 with what a draft needs: parent, level, version and whether it has children. */
export const CELL_FOR_DRAFT = `
  SELECT g.code, g.name, g.level, g.parent_code AS "parentCode", g.version,
    EXISTS (SELECT 1 FROM grids c WHERE c.parent_code = g.code) AS "hasChildren"
  FROM grids g WHERE g.code = $1 AND (g.path = $2 OR g.path LIKE $2 || '.%')`;

/**
 * Puts a cell into draft $1. The version it is drawn on is the one current at its first edit:
 * later edits of the same cell keep it, so publishing checks against what the operator started from.
 */
export const UPSERT_DRAFT_CELL = `
  INSERT INTO change_set_cells (change_set_id, code, action, name, level, parent_code, base_version, geom)
  VALUES ($1, $2, $3, $4, $5, $6, $7,
    CASE WHEN $8::text IS NULL THEN NULL ELSE ST_Multi(ST_ForcePolygonCCW(ST_SetSRID(ST_GeomFromGeoJSON($8::text), 4326))) END)
  ON CONFLICT (change_set_id, code) DO UPDATE
    SET action = EXCLUDED.action, name = EXCLUDED.name, geom = EXCLUDED.geom`;

export const DELETE_DRAFT_CELL = `DELETE FROM change_set_cells WHERE change_set_id = $1 AND code = $2 RETURNING code`;

export const TOUCH_CHANGE_SET = `UPDATE change_sets SET updated_at = now() WHERE id = $1`;

export const DISCARD_CHANGE_SET = `UPDATE change_sets SET status = 'discarded', updated_at = now() WHERE id = $1`;

/** Current versions of the cells $1. */
export const CELLS_VERSIONS = `SELECT code, version FROM grids WHERE code = ANY($1::text[])`;

/**
 * A parent $1 in the area $2 and its children as the editor draws them: full precision (9 decimals,
 * a tenth of a millimetre) so a border left untouched stays exactly shared with its neighbour.
 */
export const EDITOR_PARENT = `
  SELECT g.code, g.name, g.level, g.version, ST_AsGeoJSON(g.geom, 9)::json AS geometry,
    (SELECT key FROM grid_levels l WHERE l.rank > (SELECT rank FROM grid_levels WHERE key = g.level)
      AND l.tiles_parent ORDER BY l.rank LIMIT 1) AS "childLevel"
  FROM grids g WHERE g.code = $1 AND (g.path = $2 OR g.path LIKE $2 || '.%')`;

export const EDITOR_CHILDREN = `
  SELECT g.code, g.name, g.level, g.version, ST_AsGeoJSON(g.geom, 9)::json AS geometry,
    EXISTS (SELECT 1 FROM grids c WHERE c.parent_code = g.code) AS "hasChildren"
  FROM grids g WHERE g.parent_code = $1 ORDER BY g.code`;

/** Parents of editable cells in the area $1: cells whose children are at the finest tiling level. */
export const EDITOR_PARENTS = `
  SELECT p.code, p.name, p.level, count(c.code)::int AS cells
  FROM grids p JOIN grids c ON c.parent_code = p.code AND c.level = (${LEAF_LEVEL})
  WHERE (p.path = $1 OR p.path LIKE $1 || '.%') GROUP BY p.code, p.name, p.level ORDER BY p.code`;
