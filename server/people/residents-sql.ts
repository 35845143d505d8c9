/** SQL of the residents register, as named constants with `$n` parameters only. */
import { SEES_MEMBER } from './people-scope.ts';

const IN_AREA = `(g.path = $1 OR g.path LIKE $1 || '.%')`;

/** The key groups of a resident the viewer may see ($2, $3: see people-scope.ts). */
const KEY_GROUPS = `
  (SELECT coalesce(json_agg(m.category ORDER BY m.category), '[]'::json)
     FROM key_group_members m JOIN key_group_categories c ON c.code = m.category
    WHERE m.resident_id = r.id AND m.until IS NULL AND ${SEES_MEMBER}) AS "keyGroups"`;

const COLUMNS = `
  r.id, r.name, r.id_number AS "idNumber", r.phone, r.gender, to_char(r.birth_date, 'YYYY-MM-DD') AS "birthDate",
  r.hukou, h.id AS "householdId", h.address, h.tenure, h.grid_code AS "gridCode"`;

/** One page of the residents of a cell ($4, inside the area $1), with a total. $5 limit, $6 offset. */
export const LIST_RESIDENTS = `
  SELECT ${COLUMNS}, ${KEY_GROUPS}, count(*) OVER ()::int AS total
  FROM residents r
  JOIN households h ON h.id = r.household_id
  JOIN grids g ON g.code = h.grid_code
  WHERE ${IN_AREA} AND (g.code = $4 OR g.path LIKE (SELECT path FROM grids WHERE code = $4) || '.%')
  ORDER BY h.id, r.id
  LIMIT $5 OFFSET $6`;

/** Every resident of a cell ($4, inside the area $1) for an export, at most $5 rows. */
export const EXPORT_RESIDENTS = `
  SELECT ${COLUMNS}, ${KEY_GROUPS}
  FROM residents r
  JOIN households h ON h.id = r.household_id
  JOIN grids g ON g.code = h.grid_code
  WHERE ${IN_AREA} AND (g.code = $4 OR g.path LIKE (SELECT path FROM grids WHERE code = $4) || '.%')
  ORDER BY h.id, r.id
  LIMIT $5`;

/** The residents of one household ($4, inside the area $1), with a total. $5 limit, $6 offset. */
export const LIST_HOUSEHOLD = `
  SELECT ${COLUMNS}, ${KEY_GROUPS}, count(*) OVER ()::int AS total
  FROM residents r
  JOIN households h ON h.id = r.household_id
  JOIN grids g ON g.code = h.grid_code
  WHERE ${IN_AREA} AND h.id = $4::int
  ORDER BY r.id
  LIMIT $5 OFFSET $6`;

/** Whether a household ($2) lies in the area ($1). */
export const HOUSEHOLD_IN_AREA = `SELECT 1 FROM households h JOIN grids g ON g.code = h.grid_code WHERE h.id = $2::int AND ${IN_AREA}`;

/** One resident ($4) inside the area ($1). */
export const SELECT_RESIDENT = `
  SELECT ${COLUMNS}, ${KEY_GROUPS}
  FROM residents r
  JOIN households h ON h.id = r.household_id
  JOIN grids g ON g.code = h.grid_code
  WHERE ${IN_AREA} AND r.id = $4::int`;

/** Whether a cell ($2) lies in the area ($1). */
export const CELL_IN_AREA = `SELECT 1 FROM grids g WHERE g.code = $2 AND ${IN_AREA}`;
