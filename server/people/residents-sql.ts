/** SQL of the residents register, as named constants with `$n` parameters only. */

const IN_AREA = `(g.path = $1 OR g.path LIKE $1 || '.%')`;

/**
 * The key groups of a resident the viewer may see: visit categories always, watch categories
 * only when $2 is true (people:watchlist).
 */
const KEY_GROUPS = `
  (SELECT coalesce(json_agg(m.category ORDER BY m.category), '[]'::json)
     FROM key_group_members m JOIN key_group_categories c ON c.code = m.category
    WHERE m.resident_id = r.id AND m.until IS NULL AND (c.kind = 'visit' OR $2::boolean)) AS "keyGroups"`;

const COLUMNS = `
  r.id, r.name, r.id_number AS "idNumber", r.phone, r.gender, to_char(r.birth_date, 'YYYY-MM-DD') AS "birthDate",
  r.hukou, h.id AS "householdId", h.address, h.tenure, h.grid_code AS "gridCode"`;

/** One page of the residents of a cell ($3, inside the area $1), with a total. $4 limit, $5 offset. */
export const LIST_RESIDENTS = `
  SELECT ${COLUMNS}, ${KEY_GROUPS}, count(*) OVER ()::int AS total
  FROM residents r
  JOIN households h ON h.id = r.household_id
  JOIN grids g ON g.code = h.grid_code
  WHERE ${IN_AREA} AND (g.code = $3 OR g.path LIKE (SELECT path FROM grids WHERE code = $3) || '.%')
  ORDER BY h.id, r.id
  LIMIT $4 OFFSET $5`;

/** One resident ($3) inside the area ($1). */
export const SELECT_RESIDENT = `
  SELECT ${COLUMNS}, ${KEY_GROUPS}
  FROM residents r
  JOIN households h ON h.id = r.household_id
  JOIN grids g ON g.code = h.grid_code
  WHERE ${IN_AREA} AND r.id = $3::int`;

/** Whether a cell ($2) lies in the area ($1). */
export const CELL_IN_AREA = `SELECT 1 FROM grids g WHERE g.code = $2 AND ${IN_AREA}`;
