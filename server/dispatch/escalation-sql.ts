/** SQL of the escalation loop. $1 is always the loop's clock, so tests can move time without sleeping. */

/** Open incidents whose step deadline has passed and that are not yet marked; locked so two processes split the work. */
export const SELECT_DUE = `
  SELECT i.id::text AS id, i.status, i.version, i.colour, i.responsible_code AS "responsibleCode", r.parent_code AS "parentCode"
  FROM incidents i JOIN grids r ON r.code = i.responsible_code
  WHERE i.status <> 'closed' AND NOT i.overdue AND i.step_deadline < $1::timestamptz
  ORDER BY i.step_deadline
  LIMIT $2
  FOR UPDATE OF i SKIP LOCKED`;

/**
 * Escalates one level up with a fresh deadline for the upper level to accept, only if nobody
 * changed the incident since it was read (version), so no incident is escalated twice.
 * $1 clock, $2 id, $3 version, $4 parent cell, $5 minutes to accept.
 */
export const ESCALATE = `
  UPDATE incidents SET status = 'escalated', responsible_code = $4, overdue = false, late = true,
    step_deadline = $1::timestamptz + make_interval(mins => $5::int), version = version + 1, updated_at = now()
  WHERE id = $2::bigint AND version = $3
  RETURNING id`;

/** Marks an incident overdue where it cannot climb (top level, or past the point of escalation). $2 id, $3 version. */
export const MARK_OVERDUE = `
  UPDATE incidents SET overdue = true, late = true, version = version + 1, updated_at = now()
  WHERE id = $2::bigint AND version = $3 AND $1::timestamptz IS NOT NULL
  RETURNING id`;

export const ACCEPT_MINUTES = `SELECT minutes FROM incident_time_limits WHERE colour = $1 AND step = 'accept'`;
