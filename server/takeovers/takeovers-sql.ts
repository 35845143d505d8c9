/** SQL of the emergency takeovers: raising them with the change that causes them, reading a wall's, acknowledging. */
import { INSERT_AUDIT_FROM } from '../audit/audit-sql.ts';
import { SELECT_LEAF_LEVEL } from '../grids/grids-sql.ts';

/**
 * The outbox rows of takeovers read from `source` (a CTE of takeover rows written in the same
 * statement, or a subquery), under `topicExpr`, to the rooms on the wall area's path. Walls of
 * the area's ancestors receive it too and keep only their own area's.
 */
export const TAKEOVER_OUTBOX_FROM = (source: string, topicExpr: string) => `
  INSERT INTO outbox (topic, incident_id, grid_path, payload)
  SELECT ${topicExpr}, t.incident_id, a.path, json_build_object(
    'id', t.id::text, 'incidentId', t.incident_id::text, 'areaCode', t.area_code, 'reason', t.reason,
    'version', t.version, 'acknowledged', t.acknowledged_at IS NOT NULL)::jsonb
  FROM ${source} t JOIN grids a ON a.code = t.area_code`;

/**
 * Takeovers of a red incident among the incidents of `source` (a CTE of incidents written in the
 * same statement): one for every cell above its base grid on the responsible cell's path, since
 * every command centre whose area holds an emergency shows it. The base grid itself has no
 * command centre (its worker sees the case in the list). Other colours write nothing.
 */
export const RAISE_RED_FROM = (source: string) => `
  INSERT INTO takeovers (incident_id, area_code, reason)
  SELECT i.id, a.code, 'red'
  FROM ${source} i JOIN grids r ON r.code = i.responsible_code JOIN grids a ON a.code = ANY (string_to_array(r.path, '.'))
  WHERE i.colour = 'red' AND a.code IS DISTINCT FROM i.grid_code
  ON CONFLICT (incident_id, area_code) DO NOTHING
  RETURNING *`;

/**
 * The takeover of the cell an incident was escalated to ($1 incident, $2 cell), with its outbox
 * row. A red case already shown there becomes an escalation and, if it had been acknowledged,
 * is shown again: the case is now that centre's own.
 */
export const RAISE_ESCALATED = `
  WITH raised AS (
    INSERT INTO takeovers (incident_id, area_code, reason) VALUES ($1::bigint, $2::text, 'escalated')
    ON CONFLICT (incident_id, area_code) DO UPDATE SET reason = 'escalated', raised_at = now(),
      acknowledged_at = NULL, acknowledged_by = NULL, acknowledged_name = NULL, version = takeovers.version + 1
    RETURNING *
  )
  ${TAKEOVER_OUTBOX_FROM('raised', "'takeover.raised'")}`;

/**
 * Staff of the six leaf cells nearest a point, nearest first, full-time workers before leaders
 * before part-timers, three a cell (so the neighbours' show too), inside the wall's area (staff of
 * another area are not the viewer's to see or to send): who can be there soonest. On-duty status is the field app's (issue 19);
 * until it lands every active member counts.
 */
const NEAREST_STAFF_TO = (pointExpr: string, areaPathExpr: string) => `
  SELECT coalesce(json_agg(json_build_object('name', n.name, 'duty', n.duty, 'gridName', n."gridName", 'metres', n.metres)
           ORDER BY n.metres, n.o, n.id), '[]'::json)
  FROM (
    SELECT * FROM (
      SELECT s.id, s.name, a.duty, ng.name AS "gridName", ng.metres,
        CASE a.duty WHEN 'full_time' THEN 0 WHEN 'grid_leader' THEN 1 ELSE 2 END AS o,
        row_number() OVER (PARTITION BY ng.code ORDER BY CASE a.duty WHEN 'full_time' THEN 0 WHEN 'grid_leader' THEN 1 ELSE 2 END, s.id) AS k
      FROM (
        SELECT g.code, g.name, round(ST_Distance(g.geom::geography, ${pointExpr}::geography))::int AS metres
        FROM grids g WHERE g.level = (${SELECT_LEAF_LEVEL}) AND (g.path = ${areaPathExpr} OR g.path LIKE ${areaPathExpr} || '.%')
      ORDER BY g.geom <-> ${pointExpr} LIMIT 6
      ) ng
      JOIN staff_assignments a ON a.grid_code = ng.code JOIN staff s ON s.id = a.staff_id AND s.active
    ) ranked
    WHERE ranked.k <= 3
    ORDER BY ranked.metres, ranked.o, ranked.id
    LIMIT 5
  ) n`;

/** A wall area's open takeovers ($1 area code, $3 its path), newest first, at most $2, with all a wall shows of each. */
export const SELECT_OPEN_FOR_AREA = `
  SELECT t.id::text AS id, t.version, t.reason, t.area_code AS "areaCode", t.raised_at AS "raisedAt",
    i.id::text AS "incidentId", i.category, c.name_zh AS "categoryZh", c.name_en AS "categoryEn", i.colour, i.status,
    round(ST_X(i.geom)::numeric, 6)::float8 AS lon, round(ST_Y(i.geom)::numeric, 6)::float8 AS lat,
    g.name AS "gridName", r.name AS "responsibleName", i.created_at AS "createdAt", i.step_deadline AS "stepDeadline",
    i.on_site_at AS "onSiteAt", s.name AS handler, nullif(i.place_kind, 'none') AS "placeKind", i.place_name AS "placeName",
    (SELECT json_object_agg(m.milestone, m.at) FROM emergency_milestones m WHERE m.incident_id = i.id) AS milestones,
    (SELECT coalesce(json_agg(json_build_object('at', e.at, 'to', e.to_status, 'actor', e.actor_name,
         'handler', (SELECT name FROM staff WHERE id = e.handler_staff_id)) ORDER BY e.id), '[]'::json)
       FROM incident_events e WHERE e.incident_id = i.id AND e.to_status IN ('accepted', 'dispatched', 'on_site', 'escalated')) AS dispatched,
    (${NEAREST_STAFF_TO('i.geom', '$3::text')}) AS "nearestStaff"
  FROM takeovers t
  JOIN incidents i ON i.id = t.incident_id
  JOIN incident_categories c ON c.code = i.category
  JOIN grids r ON r.code = i.responsible_code
  LEFT JOIN grids g ON g.code = i.grid_code
  LEFT JOIN staff s ON s.id = i.handler_staff_id
  WHERE t.area_code = $1 AND t.acknowledged_at IS NULL
  ORDER BY t.raised_at DESC, t.id DESC
  LIMIT $2`;

export const COUNT_OPEN_FOR_AREA = 'SELECT count(*)::int AS n FROM takeovers WHERE area_code = $1 AND acknowledged_at IS NULL';

/**
 * One takeover of the viewer's own wall ($2 area code), with its incident: each command centre
 * acknowledges its own wall, so a county commander does not clear a street's screen.
 */
export const SELECT_TAKEOVER = `
  SELECT t.id::text AS id, t.version, t.incident_id::text AS "incidentId", t.acknowledged_at AS "acknowledgedAt", i.status
  FROM takeovers t JOIN incidents i ON i.id = t.incident_id
  WHERE t.id = $1::bigint AND t.area_code = $2::text`;

/**
 * Acknowledges a takeover seen at version $2 ($1 id; $3 user, $4 name), with its outbox and audit
 * rows ($5–$11, `INSERT_AUDIT_FROM`): one statement, so the wall clears exactly when it commits.
 * No row back when someone acknowledged or re-raised it first.
 */
export const ACKNOWLEDGE = `
  WITH acked AS (
    UPDATE takeovers SET acknowledged_at = now(), acknowledged_by = $3::int, acknowledged_name = $4::text, version = version + 1
    WHERE id = $1::bigint AND version = $2::int AND acknowledged_at IS NULL
    RETURNING *
  ),
  announced AS (${TAKEOVER_OUTBOX_FROM('acked', "'takeover.changed'")}),
  audited AS (${INSERT_AUDIT_FROM('acked', 'acked.id::text', 5)})
  SELECT id::text AS id FROM acked`;

/**
 * Marks an emergency milestone of an incident done ($1 incident, $2 milestone, $3 user, $4 name)
 * and tells every wall showing the incident; nothing when it was marked already.
 */
export const MARK_MILESTONE = `
  WITH marked AS (
    INSERT INTO emergency_milestones (incident_id, milestone, actor_user_id, actor_name) VALUES ($1::bigint, $2::text, $3::int, $4::text)
    ON CONFLICT (incident_id, milestone) DO NOTHING
    RETURNING incident_id
  ),
  announced AS (
    ${TAKEOVER_OUTBOX_FROM(
      '(SELECT k.* FROM takeovers k JOIN marked ON k.incident_id = marked.incident_id WHERE k.acknowledged_at IS NULL)',
      "'takeover.changed'",
    )}
  )
  SELECT incident_id::text AS id FROM marked`;

export const SELECT_EMERGENCY_LIMITS = `SELECT value AS limits FROM settings WHERE key = 'emergency_limits'`;
export const UPDATE_EMERGENCY_LIMITS = `
  INSERT INTO settings (key, value) VALUES ('emergency_limits', $1::jsonb)
  ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`;

/** Who acknowledged a takeover ($1), if anyone: the name a refused second acknowledgement gives. */
export const SELECT_ACKNOWLEDGER = 'SELECT acknowledged_name AS by FROM takeovers WHERE id = $1::bigint';

/** Tells every wall with an open takeover to read it again (the emergency targets changed). */
export const ANNOUNCE_OPEN_TAKEOVERS = TAKEOVER_OUTBOX_FROM(
  '(SELECT * FROM takeovers WHERE acknowledged_at IS NULL)',
  "'takeover.changed'",
);
