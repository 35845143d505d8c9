/** SQL of the incidents domain, as named constants with `$n` parameters only. */
import { INSERT_AUDIT_FROM } from '../audit/audit-sql.ts';
import { PLACE_OF } from '../basemap/place-sql.ts';
import { SELECT_LEAF_LEVEL } from '../grids/grids-sql.ts';
import { INCIDENT_OUTBOX_FROM } from '../realtime/outbox-sql.ts';
import { RAISE_RED_FROM, TAKEOVER_OUTBOX_FROM } from '../takeovers/takeovers-sql.ts';

/**
 * Routes a point ($1 lon, $2 lat) in one round trip: the cell containing it on the leaf level; on a shared
 * edge (contained by none) the lowest code among the cells it touches; else the nearest cell within
 * $3 metres; else the root (the county centre's unlocated queue); with the responsible cell's
 * path, whether the point is within $4 metres of the district at all, and the default colour of
 * the category $5 (NULL when it is not an active category).
 */
export const ROUTE_POINT = `
  WITH leaf AS (${SELECT_LEAF_LEVEL}),
  p AS (SELECT ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4326) AS geom),
  hit AS (
    SELECT g.code, g.path, 'contains' AS how FROM grids g, p
    WHERE g.level = (SELECT key FROM leaf) AND ST_Intersects(g.geom, p.geom) ORDER BY g.code LIMIT 1
  ),
  near AS (
    SELECT g.code, g.path, 'nearest' AS how FROM grids g, p
    WHERE NOT EXISTS (SELECT 1 FROM hit) AND g.level = (SELECT key FROM leaf)
      AND ST_DWithin(g.geom::geography, p.geom::geography, $3::float8)
    ORDER BY ST_Distance(g.geom::geography, p.geom::geography), g.code LIMIT 1
  ),
  found AS (SELECT * FROM hit UNION ALL SELECT * FROM near LIMIT 1),
  root AS (SELECT code, path FROM grids WHERE parent_code IS NULL ORDER BY code LIMIT 1)
  SELECT f.code AS "gridCode", f.how, coalesce(f.code, root.code) AS responsible, coalesce(f.path, root.path) AS path,
    f.code IS NOT NULL OR EXISTS (
      SELECT 1 FROM grids r, p WHERE r.parent_code IS NULL AND ST_DWithin(r.geom::geography, p.geom::geography, $4::float8)
    ) AS reachable,
    (SELECT default_colour FROM incident_categories WHERE code = $5::text AND active) AS "defaultColour"
  FROM root LEFT JOIN found f ON true`;

/** The on-duty handler of the grid `gridExpr` names: its full-time worker, else its grid leader. */
const SELECT_HANDLER_FOR = (gridExpr: string) => `
  SELECT a.staff_id AS id FROM staff_assignments a JOIN staff s ON s.id = a.staff_id
  WHERE a.grid_code = ${gridExpr} AND s.active AND a.duty IN ('full_time', 'grid_leader')
  ORDER BY CASE a.duty WHEN 'full_time' THEN 0 ELSE 1 END, a.staff_id LIMIT 1`;

export const SELECT_CATEGORIES = `SELECT code, name_zh AS "nameZh", name_en AS "nameEn", default_colour AS "defaultColour" FROM incident_categories WHERE active ORDER BY code`;

export const SELECT_LIMIT = 'SELECT minutes FROM incident_time_limits WHERE colour = $1 AND step = $2';

/**
 * Files a new incident in one statement, so one round trip and one commit: the incident with its
 * handler (the grid's full-time worker, else its leader), its place in words and its deadline to accept, its first
 * event, its outbox row, its audit row, a red case's takeovers of the walls over it (with their
 * outbox rows) and, when the request carries an idempotency key, the key
 * with its answer. The key goes first: when another request holds it, nothing else is written
 * and no row comes back (a concurrent holder is waited for by the unique index). The incident's
 * number is drawn first, so the stored answer can carry it.
 * $1 category, $2 colour, $3 channel, $4 description, $5 lon, $6 lat, $7 base grid or NULL,
 * $8 how located, $9 responsible cell, $10 reporter, $11 reporter's name;
 * $12 key (NULL without one), $13 its fingerprint, $14 the answer, $15 where in it the id goes;
 * $16–$22 the audit entry (`INSERT_AUDIT_FROM`).
 */
export const REPORT_INCIDENT = `
  WITH new AS (SELECT nextval(pg_get_serial_sequence('incidents', 'id')) AS id),
  claim AS (
    INSERT INTO idempotency_keys (user_key, fingerprint, status_code, response)
    SELECT $12::text, $13::text, 201, jsonb_set($14::jsonb, $15::text[], to_jsonb(new.id::text)) FROM new WHERE $12::text IS NOT NULL
    ON CONFLICT (user_key) DO NOTHING RETURNING user_key
  ),
  ins AS (
    INSERT INTO incidents (id, category, colour, channel, status, description, geom, grid_code, located_by, responsible_code,
                           handler_staff_id, reported_by, step_deadline, place_kind, place_name)
    OVERRIDING SYSTEM VALUE
    SELECT new.id, $1::text, $2::text, $3::text, 'reported', $4::text, ST_SetSRID(ST_MakePoint($5::float8, $6::float8), 4326),
      $7::text, $8::text, $9::text, h.id, $10::int,
      now() + make_interval(mins => (SELECT minutes FROM incident_time_limits WHERE colour = $2::text AND step = 'accept')),
      coalesce(pl.kind, 'none'), pl.name
    FROM new LEFT JOIN LATERAL (${SELECT_HANDLER_FOR('$7::text')}) h ON true
      LEFT JOIN LATERAL (${PLACE_OF('ST_SetSRID(ST_MakePoint($5::float8, $6::float8), 4326)')}) pl ON true
    WHERE $12::text IS NULL OR EXISTS (SELECT 1 FROM claim)
    RETURNING *
  ),
  event AS (
    INSERT INTO incident_events (incident_id, actor_user_id, actor_name, to_status) SELECT id, $10::int, $11::text, 'reported' FROM ins
  ),
  announced AS (${INCIDENT_OUTBOX_FROM('ins', "'incident.created'")}),
  raised AS (${RAISE_RED_FROM('ins')}),
  raised_announced AS (${TAKEOVER_OUTBOX_FROM('raised', "'takeover.raised'")}),
  audited AS (${INSERT_AUDIT_FROM('ins', 'ins.id::text', 16)})
  SELECT id::text AS id FROM ins`;

/** One step of the timeline: $1 incident, $2 actor, $3 actor's name, $4 from, $5 to, $6 note, $7 whom it was sent to (or NULL). */
export const INSERT_EVENT = `
  INSERT INTO incident_events (incident_id, actor_user_id, actor_name, from_status, to_status, note, handler_staff_id)
  VALUES ($1, $2, $3, $4, $5, $6, $7)`;

const INCIDENT_COLUMNS = `
  i.id::text AS id, i.category, i.colour, i.channel, i.status, i.description,
  round(ST_X(i.geom)::numeric, 6)::float8 AS lon, round(ST_Y(i.geom)::numeric, 6)::float8 AS lat,
  i.grid_code AS "gridCode", i.located_by AS "locatedBy", i.responsible_code AS "responsibleCode",
  i.handler_staff_id AS "handlerStaffId", i.step_deadline AS "stepDeadline", i.overdue,
  i.settled_level AS "settledLevel", i.late, i.on_site_at AS "onSiteAt", i.closed_at AS "closedAt",
  g.name AS "gridName", nullif(i.place_kind, 'none') AS "placeKind", i.place_name AS "placeName",
  i.version, i.created_at AS "createdAt", i.updated_at AS "updatedAt"`;

/**
 * Incidents the viewer may see: those whose responsible cell lies in the viewer's area ($1)
 * or whose base grid does (so an escalated case stays visible where it happened).
 * $2 status, $3 colour, $4 category, $5 limit, $6 true for open cases only, $7 and $8 the report
 * time and id of the previous page's last row (newest first, so the page continues below it).
 */
export const LIST_INCIDENTS = `
  SELECT ${INCIDENT_COLUMNS}, (extract(epoch FROM i.created_at) * 1000000)::bigint || '~' || i.id AS "pageKey"
  FROM incidents i
  JOIN grids r ON r.code = i.responsible_code
  LEFT JOIN grids g ON g.code = i.grid_code
  WHERE ((r.path = $1 OR r.path LIKE $1 || '.%') OR (g.path = $1 OR g.path LIKE $1 || '.%'))
    AND ($2::text IS NULL OR i.status = $2::text)
    AND ($3::text IS NULL OR i.colour = $3::text)
    AND ($4::text IS NULL OR i.category = $4::text)
    AND ($6::boolean IS NOT TRUE OR i.status <> 'closed')
    AND ($7::bigint IS NULL OR (i.created_at, i.id) < ('epoch'::timestamptz + $7::bigint * interval '1 microsecond', $8::bigint))
  ORDER BY i.created_at DESC, i.id DESC
  LIMIT $5`;

/** One incident inside the viewer's area ($2), with its timeline. */
export const SELECT_INCIDENT = `
  SELECT ${INCIDENT_COLUMNS}, r.path AS "responsiblePath", r.parent_code AS "responsibleParent", r.level AS "responsibleLevel",
    (SELECT coalesce(json_agg(json_build_object('at', e.at, 'actor', e.actor_name, 'from', e.from_status, 'to', e.to_status, 'note', e.note,
         'handler', (SELECT name FROM staff WHERE id = e.handler_staff_id)) ORDER BY e.id), '[]'::json)
       FROM incident_events e WHERE e.incident_id = i.id) AS events
  FROM incidents i
  JOIN grids r ON r.code = i.responsible_code
  LEFT JOIN grids g ON g.code = i.grid_code
  WHERE i.id = $1::bigint
    AND ((r.path = $2 OR r.path LIKE $2 || '.%') OR (g.path = $2 OR g.path LIKE $2 || '.%'))`;

/**
 * Moves an incident only if nobody moved it first (status and version as read): a
 * conditional update, so two dispatchers cannot both succeed. $1 id, $2 expected status,
 * $3 expected version, $4 new status, $5 responsible cell, $6 minutes for the next step
 * (NULL when closed), $7 settled level (kept when NULL), $8 handler (kept when NULL).
 */
export const TRANSITION_INCIDENT = `
  UPDATE incidents SET status = $4, responsible_code = $5,
    step_deadline = CASE WHEN $6::int IS NULL THEN NULL ELSE now() + make_interval(mins => $6::int) END,
    overdue = false, settled_level = coalesce($7, settled_level), handler_staff_id = coalesce($8::int, handler_staff_id),
    on_site_at = CASE WHEN $4 = 'on_site' THEN coalesce(on_site_at, now()) ELSE on_site_at END,
    closed_at = CASE WHEN $4 = 'closed' THEN now() ELSE closed_at END,
    version = version + 1, updated_at = now()
  WHERE id = $1::bigint AND status = $2 AND version = $3
  RETURNING id, handler_staff_id AS "handlerStaffId"`;

export const SELECT_IDEMPOTENCY_KEY = `
  SELECT fingerprint, status_code AS "statusCode", response, created_at < now() - make_interval(hours => $2::int) AS expired
  FROM idempotency_keys WHERE user_key = $1`;
/** Forgets a key: expired, or a reservation without an answer left by a version that reserved keys apart. */
export const DELETE_KEY = 'DELETE FROM idempotency_keys WHERE user_key = $1';
