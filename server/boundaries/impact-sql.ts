/**
 * Where things stand after a change set ($1) is applied: which leaf cell each household, open
 * incident and block falls in once the drafted shapes replace the current ones. $2 is the leaf level.
 * The rule is leaf_cell_of's (migration 014): the lowest code among the cells containing the point,
 * here over the drafted cells and the unchanged cells of the level.
 */

/** The drafted cells, with the current shape of each (null for a new cell). */
const DRAFT = `
  cs AS (
    SELECT c.code, c.action, c.parent_code, c.geom, g.geom AS old_geom
    FROM change_set_cells c LEFT JOIN grids g ON g.code = c.code WHERE c.change_set_id = $1
  )`;

/** The leaf cell the point expression `p` falls in after the change (null: in no cell). */
const CELL_AFTER = (p: string) => `(
  SELECT min(x.code) FROM (
    SELECT cs.code FROM cs WHERE cs.geom IS NOT NULL AND ST_Intersects(cs.geom, ${p})
    UNION ALL
    SELECT g.code FROM grids g
    WHERE g.level = $2 AND ST_Intersects(g.geom, ${p}) AND NOT EXISTS (SELECT 1 FROM cs WHERE cs.code = g.code)
  ) x)`;

/**
 * Rows of `table` in a changed cell, with the cell each lands in: its own while its new shape
 * still holds it (rows of unchanged cells never move), else the cell after the change that does
 * (null: none, a gap).
 */
const PLACED = (table: string, point: string, where = 'true') => `
  cand AS (SELECT t.id, t.grid_code AS from_code, ${point} AS p FROM ${table} t WHERE ${where} AND t.grid_code IN (SELECT code FROM cs)),
  placed AS (
    SELECT c.id, c.from_code, c.p,
      CASE WHEN EXISTS (SELECT 1 FROM cs WHERE cs.code = c.from_code
          -- still inside, or never inside its shape (placed by another rule, e.g. the nearest cell)
          AND (ST_Intersects(cs.geom, c.p) OR (cs.action <> 'delete' AND NOT ST_Intersects(cs.old_geom, c.p))))
        THEN c.from_code ELSE ${CELL_AFTER('c.p')} END AS to_code
    FROM cand c
  )`;

/** Households that change cell: id, from, to (null: left in a gap), location. */
export const HOUSEHOLD_MOVES = `
  WITH ${DRAFT},
  ${PLACED('households', 't.geom')}
  SELECT id, from_code AS "fromCode", to_code AS "toCode", round(ST_X(p)::numeric, 6)::float8 AS lon, round(ST_Y(p)::numeric, 6)::float8 AS lat
  FROM placed WHERE to_code IS DISTINCT FROM from_code`;

/**
 * Incidents that change base grid: open ones, and closed ones of a deleted cell (which must go
 * somewhere: what no cell holds goes to the deleted cell's heir, see HAND_OVER).
 */
export const INCIDENT_MOVES = `
  WITH ${DRAFT},
  ${PLACED('incidents', 't.geom', `(t.status <> 'closed' OR t.grid_code IN (SELECT code FROM cs WHERE action = 'delete'))`)}
  SELECT p.id::text AS id, p.from_code AS "fromCode", p.to_code AS "toCode", i.status, i.colour,
    i.responsible_code AS "responsibleCode",
    round(ST_X(p.p)::numeric, 6)::float8 AS lon, round(ST_Y(p.p)::numeric, 6)::float8 AS lat
  FROM placed p JOIN incidents i ON i.id = p.id
  -- an incident in no cell after the change (one placed by the nearest cell) stays where it is
  WHERE p.to_code <> p.from_code`;

/** Land blocks (which count buildings per cell) that change cell, by a point on their surface. */
export const BLOCK_MOVES = `
  WITH ${DRAFT},
  ${PLACED('blocks', 'ST_PointOnSurface(t.geom)')}
  SELECT id, from_code AS "fromCode", to_code AS "toCode" FROM placed WHERE to_code IS DISTINCT FROM from_code`;

/**
 * Each deleted cell's heir: the cell of the same parent after the change that takes most of its
 * area. Its staff, and whatever cannot be placed by location, go there.
 */
export const HEIRS = `
  WITH ${DRAFT},
  after AS (
    SELECT cs.code, cs.parent_code, cs.geom FROM cs WHERE cs.geom IS NOT NULL
    UNION ALL
    SELECT g.code, g.parent_code, g.geom FROM grids g
    WHERE g.parent_code IN (SELECT parent_code FROM cs) AND NOT EXISTS (SELECT 1 FROM cs WHERE cs.code = g.code)
  )
  SELECT d.code, (
    SELECT a.code FROM after a WHERE a.parent_code = d.parent_code AND ST_Intersects(a.geom, d.old_geom)
    ORDER BY ST_Area(ST_Intersection(a.geom, d.old_geom)) DESC, a.code LIMIT 1) AS heir
  FROM cs d WHERE d.action = 'delete'`;

/** Residents and current key-group members of households $1 (ids). */
export const PEOPLE_OF_HOUSEHOLDS = `
  SELECT r.household_id AS id, count(*)::int AS residents,
    count(*) FILTER (WHERE EXISTS (
      SELECT 1 FROM key_group_members m WHERE m.resident_id = r.id AND m.until IS NULL))::int AS members
  FROM residents r WHERE r.household_id = ANY($1::int[]) GROUP BY r.household_id`;

/** Staff assignments of the cells $1 (deleted cells: their people go to the heir). */
export const ASSIGNMENTS_OF = `
  SELECT grid_code AS code, count(*)::int AS n FROM staff_assignments WHERE grid_code = ANY($1::text[]) GROUP BY grid_code`;

/** Accounts and wall tokens whose area is one of the cells $1: deleting such a cell would leave them nowhere. */
export const AREAS_IN_USE = `
  SELECT area_code AS code, 'user' AS kind, count(*)::int AS n FROM users WHERE area_code = ANY($1::text[]) GROUP BY area_code
  UNION ALL
  SELECT area_code, 'wall_token', count(*)::int FROM wall_tokens WHERE area_code = ANY($1::text[]) GROUP BY area_code`;
