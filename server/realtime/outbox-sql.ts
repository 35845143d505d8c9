/**
 * Every statement on the outbox: the rows domains write in their own transactions, and the
 * numbering and reading the relay and the replay do. The outbox is one sequence for all topics.
 */

/**
 * The outbox rows of incidents read from `source` (the table, or a CTE returning incidents' rows
 * written earlier in the same statement, which the table does not show yet), under the topic
 * `topicExpr`: a summary for walls, no names, no descriptions. Their seq is stamped at delivery.
 */
export const INCIDENT_OUTBOX_FROM = (source: string, topicExpr: string) => `
  INSERT INTO outbox (topic, incident_id, grid_path, base_path, payload)
  SELECT ${topicExpr}, i.id, g.path, b.path, json_build_object(
    'id', i.id, 'status', i.status, 'colour', i.colour, 'category', i.category, 'channel', i.channel,
    'lon', round(ST_X(i.geom)::numeric, 6), 'lat', round(ST_Y(i.geom)::numeric, 6),
    'gridCode', i.grid_code, 'gridName', b.name, 'placeKind', nullif(i.place_kind, 'none'), 'placeName', i.place_name,
    'responsibleCode', i.responsible_code, 'overdue', i.overdue,
    'stepDeadline', i.step_deadline, 'version', i.version, 'createdAt', i.created_at)::jsonb
  FROM ${source} i JOIN grids g ON g.code = i.responsible_code LEFT JOIN grids b ON b.code = i.grid_code`;

/** The outbox rows of stored incidents ($1 ids, $2 topic). */
export const INSERT_INCIDENT_OUTBOX = `${INCIDENT_OUTBOX_FROM('incidents', '$2')} WHERE i.id = ANY($1::bigint[])`;

/**
 * One outbox row per changed cell of a published change set ($1), to the rooms on the cell's
 * path (a deleted cell's is its parent's path and its own code), so every dashboard that shows
 * the cell redraws it.
 */
export const INSERT_BOUNDARY_OUTBOX = `
  INSERT INTO outbox (topic, grid_path, payload)
  SELECT 'boundary.published', p.path || '.' || c.code,
    json_build_object('changeSetId', c.change_set_id, 'code', c.code, 'action', c.action, 'parentCode', c.parent_code,
      'version', coalesce(g.version, c.base_version + 1))::jsonb
  FROM change_set_cells c JOIN grids p ON p.code = c.parent_code LEFT JOIN grids g ON g.code = c.code
  WHERE c.change_set_id = $1`;

/**
 * Outbox rows after a sequence number, oldest first. The order is by the column (`outbox.seq`):
 * a bare `seq` would name the text alias and sort 100 before 99, pushing events out of order and
 * moving the relay's position back, so it sent them again.
 */
export const SELECT_OUTBOX_AFTER = `
  SELECT seq::text AS seq, topic, grid_path AS "gridPath", base_path AS "basePath", payload
  FROM outbox WHERE seq > $1::bigint ORDER BY outbox.seq LIMIT $2`;

/** Outbox rows after a sequence number that concern a viewer's area ($2 area path), for replay. */
export const SELECT_OUTBOX_FOR_AREA = `
  SELECT seq::text AS seq, topic, grid_path AS "gridPath", base_path AS "basePath", payload
  FROM outbox
  WHERE seq > $1::bigint
    AND ((grid_path = $2 OR grid_path LIKE $2 || '.%') OR (base_path = $2 OR base_path LIKE $2 || '.%'))
  ORDER BY outbox.seq LIMIT $3`;

/** The epoch of this database's event history (see migration 017): a restore draws a new one. */
export const SELECT_EPOCH = 'SELECT epoch::text AS epoch FROM database_epoch';

/** The highest number handed out so far (0 for an empty outbox). */
export const SELECT_MAX_SEQ = 'SELECT coalesce(max(seq), 0)::text AS seq FROM outbox';

/** Whether any committed row waits for its number (a cheap read before taking the lock). */
export const HAS_PENDING = 'SELECT EXISTS (SELECT 1 FROM outbox WHERE seq IS NULL) AS pending';

/** One lock for stamping across every server process, so stamps commit in the order they number. */
export const LOCK_STAMPING = 'SELECT pg_advisory_xact_lock(727401)';

/**
 * Numbers the visible unnumbered rows after the highest number given, in write order. A row still
 * in an open transaction is not visible here and gets a higher number once it commits, so no
 * number is ever handed out below one a relay has already passed. At most $1 rows a call; returns
 * how many it numbered.
 */
export const STAMP_PENDING = `
  WITH pending AS (
    SELECT id, row_number() OVER (ORDER BY id) AS n FROM outbox WHERE seq IS NULL ORDER BY id LIMIT $1
  ),
  base AS (SELECT coalesce(max(seq), 0) AS b FROM outbox),
  stamped AS (UPDATE outbox o SET seq = base.b + pending.n FROM pending, base WHERE o.id = pending.id RETURNING 1)
  SELECT count(*)::int AS n FROM stamped`;
