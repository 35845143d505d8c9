/**
 * SQL of the response-time statistics. Every query is scoped to the viewer's area ($1) by the
 * cell where the incident happened (its base grid; the responsible cell while unlocated), and
 * reads only the incident rows (on_site_at and closed_at are kept on the row for this).
 * Periods are half-open: [$2, $3).
 */
import { hexBinCtes } from './hexagons-sql.ts';

/** Minutes from report to the measured moment: arrive = first on site, close = closed. */
const MINUTES = `extract(epoch FROM (CASE WHEN $4 = 'arrive' THEN i.on_site_at ELSE i.closed_at END) - i.created_at) / 60`;

const IN_AREA = `(c.path = $1 OR c.path LIKE $1 || '.%')`;

/**
 * Hexagon bins of the response time ($4 arrive|close) for incidents reported in the period, with
 * count, median and 90th percentile in minutes. $5 is the hexagon size in Mercator metres, $6 a colour or NULL for all. Points
 * are binned arithmetically (spherical Mercator and cube rounding, as in hexagons.ts) so a year of
 * incidents is one scan and one sort, with no spatial join against a generated grid.
 */
export const RESPONSE_HEXAGONS = `
  WITH src AS (
    SELECT ${MINUTES} AS minutes, i.merc_x AS x, i.merc_y AS y
    FROM incidents i JOIN grids c ON c.code = i.grid_code
    WHERE ${IN_AREA} AND i.created_at >= $2::timestamptz AND i.created_at < $3::timestamptz
      AND (CASE WHEN $4 = 'arrive' THEN i.on_site_at ELSE i.closed_at END) IS NOT NULL
      AND ($6::text IS NULL OR i.colour = $6::text)
  ),${hexBinCtes('src', 'minutes', '$5::float8')}
  SELECT q::int, r::int, count(*)::int AS count,
    round(percentile_cont(0.5) WITHIN GROUP (ORDER BY minutes)::numeric, 1)::float8 AS p50,
    round(percentile_cont(0.9) WITHIN GROUP (ORDER BY minutes)::numeric, 1)::float8 AS p90
  FROM binned GROUP BY q, r ORDER BY q, r`;

/**
 * The KPIs of the area: incidents today (since Beijing midnight — China keeps one offset and no
 * summer time, so +08 is exact), and for the period: reported, closed, closed within every time
 * limit, median and p90 minutes to arrive and to close; and now: open and overdue. One scan over
 * the period's incidents and the open ones. $4 is the start of today.
 */
export const KPIS = `
  SELECT
    count(*) FILTER (WHERE i.created_at >= $4::timestamptz)::int AS today,
    count(*) FILTER (WHERE p.in_period)::int AS reported,
    count(*) FILTER (WHERE p.in_period AND i.status = 'closed')::int AS closed,
    count(*) FILTER (WHERE p.in_period AND i.status = 'closed' AND NOT i.late)::int AS "closedOnTime",
    round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM i.on_site_at - i.created_at) / 60) FILTER (WHERE p.in_period))::numeric, 1)::float8 AS "arriveP50",
    round((percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM i.on_site_at - i.created_at) / 60) FILTER (WHERE p.in_period))::numeric, 1)::float8 AS "arriveP90",
    round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM i.closed_at - i.created_at) / 60) FILTER (WHERE p.in_period))::numeric, 1)::float8 AS "closeP50",
    round((percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM i.closed_at - i.created_at) / 60) FILTER (WHERE p.in_period))::numeric, 1)::float8 AS "closeP90",
    count(*) FILTER (WHERE i.status <> 'closed')::int AS "openNow",
    count(*) FILTER (WHERE i.status <> 'closed' AND (i.overdue OR i.step_deadline < now()))::int AS "overdueNow"
  FROM incidents i
  JOIN grids c ON c.code = coalesce(i.grid_code, i.responsible_code)
  CROSS JOIN LATERAL (SELECT i.created_at >= $2::timestamptz AND i.created_at < $3::timestamptz AS in_period) p
  WHERE ${IN_AREA} AND (i.created_at >= least($2::timestamptz, $4::timestamptz) OR i.status <> 'closed')`;

/** Reported and closed per Beijing day of the period, with the day's median minutes to arrive (grouped on a date, formatted once per day). */
export const DAILY = `
  SELECT to_char(d.day, 'YYYY-MM-DD') AS day, d.reported, d.closed, d."arriveP50"
  FROM (
    SELECT (i.created_at + interval '8 hours')::date AS day,
      count(*)::int AS reported,
      count(*) FILTER (WHERE i.status = 'closed')::int AS closed,
      round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM i.on_site_at - i.created_at) / 60))::numeric, 1)::float8 AS "arriveP50"
    FROM incidents i
    JOIN grids c ON c.code = coalesce(i.grid_code, i.responsible_code)
    WHERE ${IN_AREA} AND i.created_at >= $2::timestamptz AND i.created_at < $3::timestamptz
    GROUP BY 1
  ) d
  ORDER BY d.day`;

/** Latitude of the area's centre, for turning true metres into Mercator metres. */
export const AREA_LATITUDE = `SELECT ST_Y(ST_Centroid(geom)) AS lat FROM grids WHERE path = $1`;

/**
 * Settings for the statistics transaction: no JIT (compiling the binning expressions costs
 * seconds and saves milliseconds), room to sort a year of response times in memory, and a plan
 * made for each call's own area and level: after five runs of a named statement PostgreSQL may
 * switch to a generic plan, which cannot see how much of the district `path LIKE $1 || '.%'`
 * selects, and the county's register figures went from 1.0 to 2.3 s.
 */
export const STATS_SETTINGS = "SET LOCAL jit = off; SET LOCAL work_mem = '256MB'; SET LOCAL plan_cache_mode = force_custom_plan";
