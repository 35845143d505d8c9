/**
 * SQL of the monthly assessment (月考核). A month is [$3, $4) in Beijing time; $5 is the moment the
 * figures are taken at (the month's end, or now while it runs). Cells are the versions of level $1
 * in the area whose path is $2 that were in force at some time in the month (a cell deleted since
 * is placed by its parent), so a cell split or merged
 * mid-month is there with each of its versions; an incident counts in the version that held its
 * point when it was reported (the boundaries of its time), or, for the few placed at the nearest
 * cell from outside every one, in the cell its base grid lay under.
 */

/** A path (`a.b.c`) inside the area whose path is `area`. */
const inPath = (path: string, area: string) => `(${path} = ${area} OR ${path} LIKE ${area} || '.%')`;
/** A path that runs through the cell `code` (the cell itself or one under it). */
const underCell = (path: string, code: string) => `('.' || ${path} || '.') LIKE '%.' || ${code} || '.%'`;

/** The versions of the month's cells, with when each was in force. */
const VERSIONS = `
  versions AS (
    SELECT v.code, v.version, v.name, v.parent_code, v.geom, v.valid_to,
      -- the shapes loaded with the district stand for all the time before it (as the playback reads them)
      CASE WHEN v.change_set_id IS NULL THEN '-infinity'::timestamptz ELSE v.valid_from END AS valid_from
    FROM grid_versions v
    WHERE v.level = $1 AND NOT v.deleted
      AND (v.valid_from < $4::timestamptz OR v.change_set_id IS NULL) AND (v.valid_to IS NULL OR v.valid_to > $3::timestamptz)
      AND EXISTS (SELECT 1 FROM grids g WHERE g.code IN (v.code, v.parent_code) AND ${inPath('g.path', '$2')})
  )`;

/** The month's incidents of the area, each in its cell, with minutes to arrive and to close as of $5. */
const INCIDENTS = `
  inc AS (
    SELECT coalesce(hit.code, fallback.code) AS code, i.id, i.category, i.colour, i.geom, i.created_at, i.late, i.settled_level,
      i.handler_staff_id,
      CASE WHEN i.on_site_at < $5::timestamptz THEN extract(epoch FROM i.on_site_at - i.created_at) / 60 END AS arrive,
      CASE WHEN i.closed_at < $5::timestamptz THEN extract(epoch FROM i.closed_at - i.created_at) / 60 END AS close
    FROM incidents i
    JOIN grids gc ON gc.code = i.grid_code
    LEFT JOIN LATERAL (
      SELECT v.code FROM versions v
      WHERE ST_Intersects(v.geom, i.geom) AND i.created_at >= v.valid_from AND (v.valid_to IS NULL OR i.created_at < v.valid_to)
      ORDER BY v.code LIMIT 1
    ) hit ON true
    LEFT JOIN LATERAL (
      SELECT v.code FROM versions v WHERE hit.code IS NULL AND ${underCell('gc.path', 'v.code')} ORDER BY v.valid_from DESC LIMIT 1
    ) fallback ON true
    WHERE i.created_at >= $3::timestamptz AND i.created_at < $4::timestamptz AND ${inPath('gc.path', '$2')}
  )`;

/**
 * One row per cell of the month: its versions, and its indicators —
 * reports; closed, closed on time (never late) and still open and late as of $5; median and 90th
 * percentile minutes to arrive and to close; escalations; closed cases settled at the grid or
 * community ($6, $7: the finest level and the one above, 小事不出楼、大事不出社区); repeat reports
 * (another of the same category within 50 m earlier in the month, in the same cell); households
 * and full-time workers and leaders (the version in force at $5; none for a cell gone by then);
 * key-group members and those visited within their category's interval before $5.
 */
export const CELL_FIGURES = `
  WITH ${VERSIONS}, ${INCIDENTS},
  repeats AS (
    SELECT DISTINCT a.id, a.code FROM inc a JOIN inc b
      ON a.code = b.code AND a.category = b.category AND b.created_at < a.created_at AND b.id <> a.id
      AND ST_DWithin(a.geom::geography, b.geom::geography, 50)
  ),
  fig AS (
    SELECT code, count(*)::int AS reports,
      count(*) FILTER (WHERE close IS NOT NULL)::int AS closed,
      count(*) FILTER (WHERE close IS NOT NULL AND NOT late)::int AS "closedOnTime",
      count(*) FILTER (WHERE close IS NULL AND late)::int AS "overdueOpen",
      round((percentile_cont(0.5) WITHIN GROUP (ORDER BY arrive))::numeric, 1)::float8 AS "arriveP50",
      round((percentile_cont(0.9) WITHIN GROUP (ORDER BY arrive))::numeric, 1)::float8 AS "arriveP90",
      round((percentile_cont(0.5) WITHIN GROUP (ORDER BY close))::numeric, 1)::float8 AS "closeP50",
      round((percentile_cont(0.9) WITHIN GROUP (ORDER BY close))::numeric, 1)::float8 AS "closeP90",
      count(*) FILTER (WHERE close IS NOT NULL AND settled_level IN ($6, $7))::int AS "settledLow"
    FROM inc GROUP BY code
  ),
  escalations AS (
    SELECT inc.code, count(*)::int AS n FROM inc JOIN incident_events e ON e.incident_id = inc.id
    WHERE e.to_status = 'escalated' AND e.at < $5::timestamptz GROUP BY inc.code
  ),
  latest AS (
    SELECT DISTINCT ON (code) code, name, parent_code, geom, valid_to IS NULL OR valid_to > $5::timestamptz AS standing FROM versions
    WHERE valid_from <= $5::timestamptz ORDER BY code, valid_from DESC
  )
  SELECT l.code, l.name, l.parent_code AS "parentCode",
    coalesce((SELECT g.path FROM grids g WHERE g.code = l.code),
      (SELECT g.path || '.' || l.code FROM grids g WHERE g.code = l.parent_code)) AS path,
    (SELECT json_agg(json_build_object('version', v.version, 'validFrom', nullif(v.valid_from, '-infinity'), 'validTo', v.valid_to) ORDER BY v.version)
     FROM versions v WHERE v.code = l.code) AS versions,
    coalesce(f.reports, 0) AS reports, coalesce(f.closed, 0) AS closed, coalesce(f."closedOnTime", 0) AS "closedOnTime",
    coalesce(f."overdueOpen", 0) AS "overdueOpen", f."arriveP50", f."arriveP90", f."closeP50", f."closeP90",
    coalesce(f."settledLow", 0) AS "settledLow",
    coalesce(e.n, 0) AS escalations,
    (SELECT count(*)::int FROM repeats r WHERE r.code = l.code) AS repeats,
    (SELECT count(*)::int FROM households h WHERE l.standing AND ST_Intersects(l.geom, h.geom)) AS households,
    (SELECT count(DISTINCT a.staff_id)::int FROM staff_assignments a JOIN staff s ON s.id = a.staff_id JOIN grids ag ON ag.code = a.grid_code
     WHERE l.standing AND ${underCell('ag.path', 'l.code')} AND a.duty IN ('grid_leader', 'full_time') AND s.active) AS workers,
    m.members, m.visited
  FROM latest l
  LEFT JOIN fig f ON f.code = l.code
  LEFT JOIN escalations e ON e.code = l.code
  LEFT JOIN LATERAL (
    SELECT count(*)::int AS members,
      count(*) FILTER (WHERE EXISTS (
        SELECT 1 FROM visits x WHERE x.member_id = k.id AND x.visited_at < $5::timestamptz
          AND x.visited_at >= $5::timestamptz - make_interval(days => c.visit_every_days)
      ))::int AS visited
    FROM key_group_members k
    JOIN key_group_categories c ON c.code = k.category
    JOIN residents r ON r.id = k.resident_id
    JOIN households h ON h.id = r.household_id
    WHERE k.since <= ($5::timestamptz)::date AND (k.until IS NULL OR k.until > ($5::timestamptz)::date)
      AND l.standing AND ST_Intersects(l.geom, h.geom)
  ) m ON true
  ORDER BY l.code`;

/**
 * The month's cases closed as of $5, for the risk model (risk-model.ts): category, colour, minutes
 * to close, and kilometres from their cell's inner point (the version last in force in the month).
 */
export const CASE_ROWS = `
  WITH ${VERSIONS}, ${INCIDENTS},
  centres AS (SELECT DISTINCT ON (code) code, ST_PointOnSurface(geom) AS p FROM versions ORDER BY code, valid_from DESC)
  SELECT inc.code, inc.category, inc.colour, inc.close::float8 AS minutes,
    (ST_Distance(c.p::geography, inc.geom::geography) / 1000)::float8 AS km
  FROM inc JOIN centres c ON c.code = inc.code
  WHERE inc.close IS NOT NULL`;

/**
 * Each worker's own month (网格员): the cases of the area reported in the month that they handled,
 * closed, closed on time, their median minutes to close; and the visits they recorded.
 */
export const WORKER_FIGURES = `
  WITH handled AS (
    SELECT i.handler_staff_id AS staff_id, count(*)::int AS handled,
      count(*) FILTER (WHERE i.closed_at < $3::timestamptz)::int AS closed,
      count(*) FILTER (WHERE i.closed_at < $3::timestamptz AND NOT i.late)::int AS "closedOnTime",
      round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM i.closed_at - i.created_at) / 60)
        FILTER (WHERE i.closed_at < $3::timestamptz))::numeric, 1)::float8 AS "closeP50"
    FROM incidents i JOIN grids gc ON gc.code = i.grid_code
    WHERE i.created_at >= $1::timestamptz AND i.created_at < $2::timestamptz AND i.handler_staff_id IS NOT NULL
      AND ${inPath('gc.path', '$4')}
    GROUP BY i.handler_staff_id
  ),
  visited AS (
    SELECT u.staff_id, count(*)::int AS visits
    FROM visits x JOIN users u ON u.id = x.user_id
    WHERE x.visited_at >= $1::timestamptz AND x.visited_at < $2::timestamptz AND u.staff_id IS NOT NULL
    GROUP BY u.staff_id
  )
  SELECT s.id AS "staffId", s.name, s.role, home.code AS "gridCode", home.path,
    coalesce(h.handled, 0) AS handled, coalesce(h.closed, 0) AS closed, coalesce(h."closedOnTime", 0) AS "closedOnTime",
    h."closeP50", coalesce(v.visits, 0) AS visits
  FROM staff s
  JOIN LATERAL (
    SELECT g.code, g.path FROM staff_assignments a JOIN grids g ON g.code = a.grid_code
    WHERE a.staff_id = s.id ORDER BY g.code LIMIT 1
  ) home ON ${inPath('home.path', '$4')}
  LEFT JOIN handled h ON h.staff_id = s.id
  LEFT JOIN visited v ON v.staff_id = s.id
  WHERE h.staff_id IS NOT NULL OR v.staff_id IS NOT NULL OR s.active
  ORDER BY s.id`;

/** The areal levels, finest last. */
export const AREAL_LEVELS = `SELECT key FROM grid_levels WHERE tiles_parent ORDER BY rank`;

export const FROZEN_MONTH = `SELECT frozen_at AS "frozenAt", weights FROM assessment_months WHERE month = $1::date`;

/** Claims the month for freezing; the loser of a race inserts nothing and reads the winner's rows. */
export const INSERT_MONTH = `
  INSERT INTO assessment_months (month, weights) VALUES ($1::date, $2::jsonb) ON CONFLICT (month) DO NOTHING RETURNING month`;

export const INSERT_CELLS = `
  INSERT INTO assessment_cells (month, level, code, name, parent_code, figures)
  SELECT $1::date, $2, x.code, x.name, x."parentCode", x.figures
  FROM json_to_recordset($3::json) AS x(code text, name text, "parentCode" text, figures jsonb)`;

export const INSERT_WORKERS = `
  INSERT INTO assessment_workers (month, staff_id, figures)
  SELECT $1::date, x."staffId", x.figures FROM json_to_recordset($2::json) AS x("staffId" integer, figures jsonb)`;

/** The frozen cells of level $2 in the area whose path is $3 (by the path they had). */
export const FROZEN_CELLS = `
  SELECT code, name, parent_code AS "parentCode", figures FROM assessment_cells
  WHERE month = $1::date AND level = $2 AND ${inPath("figures->>'path'", '$3')} ORDER BY code`;

/** The frozen workers whose grid lay in the area whose path is $2. */
export const FROZEN_WORKERS = `
  SELECT w.staff_id AS "staffId", w.figures FROM assessment_workers w
  WHERE w.month = $1::date AND ${inPath("w.figures->>'path'", '$2')} ORDER BY w.staff_id`;

export const SELECT_WEIGHTS = `SELECT value FROM settings WHERE key = 'assessment_weights'`;
export const UPDATE_WEIGHTS = `UPDATE settings SET value = $1::jsonb, updated_at = now() WHERE key = 'assessment_weights'`;
