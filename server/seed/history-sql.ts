/** SQL of the incident-history seed, as named constants with `$n` parameters only. */
import { PLACE_OF } from '../basemap/place-sql.ts';

/**
 * Where incidents happen: every building's point on its surface, its base grid ($1 = leaf level)
 * and a weight (its households; shops, schools and offices count as a busy block of flats).
 */
export const SELECT_ANCHORS = `
  SELECT round(ST_X(p.pt)::numeric, 6)::float8 AS lon, round(ST_Y(p.pt)::numeric, 6)::float8 AS lat, g.code AS "gridCode",
    CASE WHEN b.kind IN ('public', 'commercial') THEN 20 ELSE greatest(1, (SELECT count(*) FROM households h WHERE h.building_id = b.id))::int END AS weight
  FROM buildings b
  CROSS JOIN LATERAL (SELECT ST_PointOnSurface(b.geom) AS pt) p
  JOIN grids g ON g.level = $1 AND ST_Intersects(g.geom, p.pt)
  ORDER BY b.id`;

export const SELECT_LIMITS = 'SELECT colour, step, minutes FROM incident_time_limits';
export const COUNT_INCIDENTS = 'SELECT count(*)::int AS n FROM incidents';
/**
 * Removes every incident and what hangs on it, with the frozen assessment months made from them (a
 * new history would otherwise be read through the old one's figures). Visits that raised a case
 * keep the visit and lose the link; incidents are deleted, not truncated, because visits refer to
 * them (a TRUNCATE is refused while any table refers to the truncated one).
 */
export const CLEAR_INCIDENTS = `
  UPDATE visits SET incident_id = NULL WHERE incident_id IS NOT NULL;
  TRUNCATE assessment_workers, assessment_cells, assessment_months, takeovers, emergency_milestones, incident_photos, incident_events, outbox, idempotency_keys;
  DELETE FROM incidents;`;

/**
 * Writes one batch ($1, JSON) of past incidents with their events in one statement: ids are drawn
 * first so the events can name them; the handler is the grid's full-time worker as at intake; an
 * escalated case is held by the parent cell, and the level that resolved it is recorded.
 */
export const INSERT_HISTORY = `
  WITH x AS MATERIALIZED (
    SELECT nextval(pg_get_serial_sequence('incidents', 'id')) AS id, x.*
    FROM json_to_recordset($1::json) AS x(category text, colour text, channel text, description text, lon float8, lat float8,
      "gridCode" text, steps json, deadline float8, escalated boolean, late boolean, overdue boolean)
  ),
  handlers AS (
    SELECT DISTINCT ON (a.grid_code) a.grid_code, s.id, s.name
    FROM staff_assignments a JOIN staff s ON s.id = a.staff_id
    WHERE a.grid_code IN (SELECT "gridCode" FROM x) AND s.active AND a.duty IN ('full_time', 'grid_leader')
    ORDER BY a.grid_code, CASE a.duty WHEN 'full_time' THEN 0 ELSE 1 END, a.staff_id
  ),
  rows AS MATERIALIZED (
    SELECT x.*, g.code AS grid, CASE WHEN x.escalated AND g.parent_code IS NOT NULL THEN g.parent_code ELSE g.code END AS responsible,
      h.id AS handler_id, coalesce(h.name, '网格员') AS handler_name,
      (x.steps -> -1 ->> 'status') AS status,
      to_timestamp((x.steps -> 0 ->> 'at')::float8) AS created_at,
      to_timestamp((x.steps -> -1 ->> 'at')::float8) AS updated_at
    FROM x JOIN grids g ON g.code = x."gridCode" LEFT JOIN handlers h ON h.grid_code = x."gridCode"
  ),
  ins AS (
    INSERT INTO incidents (id, category, colour, channel, status, description, geom, grid_code, located_by, responsible_code,
      handler_staff_id, step_deadline, overdue, settled_level, late, on_site_at, closed_at, created_at, updated_at, place_kind, place_name)
    OVERRIDING SYSTEM VALUE
    SELECT r.id, r.category, r.colour, r.channel, r.status, r.description, ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326), r.grid, 'contains',
      r.responsible, r.handler_id, to_timestamp(r.deadline), r.overdue,
      CASE WHEN r.status IN ('resolved', 'verified', 'closed') THEN (SELECT level FROM grids WHERE code = r.responsible) END,
      r.late,
      (SELECT to_timestamp(min((s ->> 'at')::float8)) FROM json_array_elements(r.steps) s WHERE s ->> 'status' = 'on_site'),
      CASE WHEN r.status = 'closed' THEN r.updated_at END,
      r.created_at, r.updated_at, coalesce(pl.kind, 'none'), pl.name
    FROM rows r LEFT JOIN LATERAL (${PLACE_OF('ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326)')}) pl ON true
    RETURNING id
  )
  INSERT INTO incident_events (incident_id, at, actor_user_id, actor_name, from_status, to_status, note, handler_staff_id)
  SELECT r.id, to_timestamp((s.value ->> 'at')::float8), NULL,
    CASE s.value ->> 'status'
      WHEN 'reported' THEN CASE r.channel WHEN 'patrol' THEN r.handler_name WHEN 'resident' THEN '居民' WHEN 'hotline' THEN '12345热线' ELSE '职能部门' END
      WHEN 'escalated' THEN '系统'
      WHEN 'on_site' THEN r.handler_name
      WHEN 'resolved' THEN r.handler_name
      ELSE '指挥中心' END,
    lag(s.value ->> 'status') OVER (PARTITION BY r.id ORDER BY s.n),
    s.value ->> 'status',
    CASE s.value ->> 'status' WHEN 'escalated' THEN '超过时限，自动上报上一级 / overdue, escalated one level' END,
    CASE s.value ->> 'status' WHEN 'dispatched' THEN r.handler_id END
  FROM rows r CROSS JOIN LATERAL json_array_elements(r.steps) WITH ORDINALITY AS s(value, n)
  WHERE EXISTS (SELECT 1 FROM ins WHERE ins.id = r.id)`;
