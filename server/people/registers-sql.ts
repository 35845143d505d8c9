/**
 * SQL of the register figures: counts per cell, per category, per hexagon and per month, which any
 * reader of grids may see (a wall included), and household points of key-group members, which only
 * readers of people may. Named constants with `$n` parameters only; $1 is always the viewer's area path.
 */
import { hexBinCtes, MERCATOR_X, MERCATOR_Y } from '../incidents/hexagons-sql.ts';
import { UNDER_TARGET } from '../grids/grids-sql.ts';
import { SEES_MEMBER } from './people-scope.ts';

const IN_AREA = `(g.path = $1 OR g.path LIKE $1 || '.%')`;

/** When the next visit of membership m (category c) is due: the interval after the last visit, or after joining. */
const DUE_AT = `(coalesce(lv.at, m.since::timestamptz) + make_interval(days => c.visit_every_days))`;

/** Current members of active categories inside the area, with their household's cell and point and their visit state. */
const MEMBERS = `
  SELECT m.id, m.category, h.id AS household_id, h.grid_code, h.geom, g.path,
    ${DUE_AT} < now() AS overdue, ${DUE_AT} < now() + interval '7 days' AS due_soon
  FROM key_group_members m
  JOIN key_group_categories c ON c.code = m.category AND c.active
  JOIN residents r ON r.id = m.resident_id
  JOIN households h ON h.id = r.household_id
  JOIN grids g ON g.code = h.grid_code
  LEFT JOIN LATERAL (SELECT max(v.visited_at) AS at FROM visits v WHERE v.member_id = m.id) lv ON true
  WHERE m.until IS NULL AND ${IN_AREA}`;

/** The key-group catalogue. */
export const SELECT_CATEGORIES = `
  SELECT code, name_zh AS "nameZh", name_en AS "nameEn", kind, visit_every_days AS "everyDays", active
  FROM key_group_categories ORDER BY kind DESC, code`;

/** Whether a level exists ($1). */
export const LEVEL_EXISTS = `SELECT 1 FROM grid_levels WHERE key = $1`;

/** Whether a category code exists ($1). */
export const CATEGORY_EXISTS = `SELECT kind FROM key_group_categories WHERE code = $1`;

/**
 * Register figures for every cell of a level ($2) inside the area: households, rental households,
 * residents, floating residents, key-group members ($3 one category or NULL for all) and members
 * overdue for a visit. Each leaf figure is counted once and rolled up to its ancestor at the level.
 */
export const FIGURES_BY_CELL = `
  WITH target AS (
    SELECT g.code, g.name, g.path FROM grids g WHERE g.level = $2 AND ${IN_AREA}
  ),
  leaf AS (${UNDER_TARGET}),
  hh AS (
    SELECT h.grid_code, count(*)::int AS households, count(*) FILTER (WHERE h.tenure = 'rental')::int AS rental
    FROM households h WHERE h.grid_code IN (SELECT code FROM leaf) GROUP BY h.grid_code
  ),
  rs AS (
    SELECT h.grid_code, count(*)::int AS residents, count(*) FILTER (WHERE r.hukou = 'floating')::int AS floating
    FROM residents r JOIN households h ON h.id = r.household_id WHERE h.grid_code IN (SELECT code FROM leaf) GROUP BY h.grid_code
  ),
  mem AS (
    SELECT grid_code, count(*)::int AS members, count(*) FILTER (WHERE overdue)::int AS overdue
    FROM (${MEMBERS}) mm WHERE $3::text IS NULL OR mm.category = $3::text GROUP BY grid_code
  )
  SELECT t.code, t.name,
    coalesce(sum(hh.households), 0)::int AS households, coalesce(sum(hh.rental), 0)::int AS rental,
    coalesce(sum(rs.residents), 0)::int AS residents, coalesce(sum(rs.floating), 0)::int AS floating,
    coalesce(sum(mem.members), 0)::int AS members, coalesce(sum(mem.overdue), 0)::int AS overdue
  FROM target t
  JOIN leaf l ON l.target = t.code
  LEFT JOIN hh ON hh.grid_code = l.code
  LEFT JOIN rs ON rs.grid_code = l.code
  LEFT JOIN mem ON mem.grid_code = l.code
  GROUP BY t.code, t.name
  ORDER BY t.code`;

/** The same aggregate as FIGURES_BY_CELL's key-group part, bare: the benchmark's yardstick. */
export const BARE_MEMBERS_BY_GRID = `
  SELECT grid_code, count(*)::int AS members, count(*) FILTER (WHERE overdue)::int AS overdue
  FROM (${MEMBERS}) mm GROUP BY grid_code`;

/**
 * One cell's register summary ($2, inside the area): households, rental households, residents,
 * floating residents and the age bands of the statistics yearbooks (0–14, 15–59, 60+, 80+).
 */
export const CELL_SUMMARY = `
  WITH cell AS (SELECT g.code, g.name, g.level, g.path FROM grids g WHERE g.code = $2 AND ${IN_AREA}),
  sub AS (SELECT d.code FROM grids d, cell WHERE d.path = cell.path OR d.path LIKE cell.path || '.%'),
  hh AS (SELECT h.id, h.tenure FROM households h WHERE h.grid_code IN (SELECT code FROM sub)),
  rs AS (
    SELECT r.hukou, extract(year FROM age(current_date, r.birth_date))::int AS age
    FROM residents r WHERE r.household_id IN (SELECT id FROM hh)
  )
  SELECT cell.code, cell.name, cell.level,
    (SELECT count(*)::int FROM hh) AS households,
    (SELECT count(*) FILTER (WHERE tenure = 'rental')::int FROM hh) AS rental,
    (SELECT count(*)::int FROM rs) AS residents,
    (SELECT count(*) FILTER (WHERE hukou = 'floating')::int FROM rs) AS floating,
    (SELECT json_build_object(
        'under15', count(*) FILTER (WHERE age < 15), 'from15to59', count(*) FILTER (WHERE age BETWEEN 15 AND 59),
        'over60', count(*) FILTER (WHERE age >= 60), 'over80', count(*) FILTER (WHERE age >= 80)) FROM rs) AS ages
  FROM cell`;

/** Key-group members of one cell ($2, inside the area) by category: members, overdue and due within 7 days. */
export const CELL_KEY_GROUPS = `
  SELECT mm.category, count(*)::int AS members, count(*) FILTER (WHERE overdue)::int AS overdue,
    count(*) FILTER (WHERE due_soon AND NOT overdue)::int AS "dueSoon"
  FROM (${MEMBERS}) mm, (SELECT path FROM grids WHERE code = $2) cell
  WHERE mm.path = cell.path OR mm.path LIKE cell.path || '.%'
  GROUP BY mm.category ORDER BY mm.category`;

/**
 * Hexagon bins of key-group members' households inside the area: $2 Mercator size, $3 category or
 * NULL, $4 'members' or 'overdue' (only those overdue for a visit), $5 the smallest count a bin may
 * show (bins below it are withheld, so a count cannot single out a household).
 */
export const MEMBER_HEXAGONS = `
  WITH src AS (
    SELECT ${MERCATOR_X('ST_X(mm.geom)')} AS x, ${MERCATOR_Y('ST_Y(mm.geom)')} AS y, mm.overdue
    FROM (${MEMBERS}) mm
    WHERE ($3::text IS NULL OR mm.category = $3::text) AND ($4 = 'members' OR mm.overdue)
  ),${hexBinCtes('src', 'overdue', '$2::float8')}
  SELECT q::int, r::int, count(*)::int AS count, count(*) FILTER (WHERE overdue)::int AS overdue,
    count(*) < $5::int AS withheld
  FROM binned GROUP BY q, r ORDER BY q, r`;

/**
 * Key-group members per category at the end of each of the last $2 months (today for this one),
 * from membership since/until, inside the area; $3 one category or NULL.
 */
export const MONTHLY_MEMBERS = `
  WITH months AS (
    SELECT least((date_trunc('month', current_date) - make_interval(months => k) + interval '1 month - 1 day')::date, current_date) AS day
    FROM generate_series(0, $2::int - 1) k
  )
  SELECT to_char(mo.day, 'YYYY-MM') AS month, m.category, count(*)::int AS members
  FROM months mo
  JOIN key_group_members m ON m.since <= mo.day AND (m.until IS NULL OR m.until > mo.day)
  JOIN residents r ON r.id = m.resident_id
  JOIN households h ON h.id = r.household_id
  JOIN grids g ON g.code = h.grid_code
  WHERE ${IN_AREA} AND ($3::text IS NULL OR m.category = $3::text)
  GROUP BY 1, 2 ORDER BY 1, 2`;

/**
 * Households of key-group members inside the area and the box $4–$7 whose memberships the viewer
 * may see individually ($2, $3: see people-scope.ts), $8 one category or NULL, at most $9 rows.
 * Points and categories only: names and addresses come from the audited residents endpoints.
 */
export const MEMBER_POINTS = `
  SELECT h.id AS "householdId", round(ST_X(h.geom)::numeric, 6)::float8 AS lon, round(ST_Y(h.geom)::numeric, 6)::float8 AS lat,
    h.grid_code AS "gridCode", json_agg(DISTINCT m.category) AS categories, count(*)::int AS members,
    bool_or(${DUE_AT} < now()) AS overdue
  FROM key_group_members m
  JOIN key_group_categories c ON c.code = m.category AND c.active
  JOIN residents r ON r.id = m.resident_id
  JOIN households h ON h.id = r.household_id
  JOIN grids g ON g.code = h.grid_code
  LEFT JOIN LATERAL (SELECT max(v.visited_at) AS at FROM visits v WHERE v.member_id = m.id) lv ON true
  WHERE m.until IS NULL AND ${IN_AREA} AND ${SEES_MEMBER}
    AND h.geom && ST_MakeEnvelope($4::float8, $5::float8, $6::float8, $7::float8, 4326)
    AND ($8::text IS NULL OR m.category = $8::text)
  GROUP BY h.id
  ORDER BY h.id
  LIMIT $9`;
