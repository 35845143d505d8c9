/** SQL of accounts and sessions, as named constants with `$n` parameters only. */

const VIEWER_COLUMNS = `
  s.id AS "sessionId", s.csrf_token AS "csrfToken", s.user_id AS "userId", s.wall_token_id AS "wallTokenId",
  coalesce(u.username, 'wall:' || w.id) AS name, coalesce(u.display_name, w.name) AS "displayName",
  coalesce(u.role, 'wall') AS role, g.code AS "areaCode", g.path AS "areaPath",
  coalesce(u.must_change_password, false) AS "mustChangePassword", u.staff_id AS "staffId"`;

/** Whether the session's idle clock is old enough to refresh (`TOUCH_SESSION`'s own condition). */
const TOUCH_DUE = "s.last_seen_at < now() - interval '30 seconds'";

/**
 * A live session with its viewer. Users' sessions end after the idle timeout
 * ($2 minutes) as well as at their absolute expiry; the area and role come from
 * the account on every request, so a change takes effect at once.
 */
export const SELECT_VIEWER = `
  SELECT ${VIEWER_COLUMNS}, ${TOUCH_DUE} AS "touchDue"
  FROM sessions s
  LEFT JOIN users u ON u.id = s.user_id
  LEFT JOIN wall_tokens w ON w.id = s.wall_token_id
  JOIN grids g ON g.code = coalesce(u.area_code, w.area_code)
  WHERE s.id = $1 AND s.revoked_at IS NULL AND s.expires_at > now()
    AND (s.wall_token_id IS NOT NULL OR s.last_seen_at > now() - make_interval(mins => $2::int))
    AND (u.id IS NULL OR NOT u.disabled)
    AND (w.id IS NULL OR w.revoked_at IS NULL)`;

/**
 * Refreshes the idle clock at most twice a minute, to keep writes off every request; it is sent
 * only when the viewer's read found it due, so most requests make no second round trip.
 */
export const TOUCH_SESSION = `
  UPDATE sessions s SET last_seen_at = now() WHERE id = $1 AND ${TOUCH_DUE}`;

export const INSERT_SESSION = `
  INSERT INTO sessions (id, user_id, wall_token_id, csrf_token, expires_at, ip, user_agent)
  VALUES ($1, $2, $3, $4, now() + make_interval(mins => $5::int), $6, $7)`;

export const REVOKE_SESSION = 'UPDATE sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id';
export const REVOKE_USER_SESSIONS = `
  UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL AND ($2::text IS NULL OR id <> $2::text) RETURNING id`;
export const REVOKE_WALL_SESSIONS = 'UPDATE sessions SET revoked_at = now() WHERE wall_token_id = $1 AND revoked_at IS NULL RETURNING id';

export const SELECT_USER_FOR_LOGIN = `
  SELECT id, username, password_hash AS "passwordHash", disabled, failed_logins AS "failedLogins",
         locked_until > now() AS locked
  FROM users WHERE username = $1`;

/** Counts a failure and locks the account when it reaches $2 failures in a row, for $3 minutes. */
export const RECORD_USER_FAILURE = `
  UPDATE users SET failed_logins = failed_logins + 1,
    locked_until = CASE WHEN failed_logins + 1 >= $2::int THEN now() + make_interval(mins => $3::int) ELSE locked_until END
  WHERE id = $1
  RETURNING failed_logins AS "failedLogins", locked_until > now() AS locked`;

export const RESET_USER_FAILURES = 'UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1';

export const INSERT_LOGIN_FAILURE = 'INSERT INTO login_failures (ip, username) VALUES ($1, $2)';
export const COUNT_IP_FAILURES = `
  SELECT count(*)::int AS n FROM login_failures WHERE ip = $1 AND at > now() - make_interval(mins => $2::int)`;
export const PRUNE_LOGIN_FAILURES = `DELETE FROM login_failures WHERE at < now() - interval '1 day'`;

export const SELECT_PASSWORD_HASH = 'SELECT password_hash AS "passwordHash" FROM users WHERE id = $1';
export const UPDATE_PASSWORD = `
  UPDATE users SET password_hash = $2, must_change_password = false, updated_at = now() WHERE id = $1`;

export const SELECT_WALL_TOKEN = `
  SELECT w.id, w.name, w.area_code AS "areaCode" FROM wall_tokens w WHERE w.token_hash = $1 AND w.revoked_at IS NULL`;
export const TOUCH_WALL_TOKEN = 'UPDATE wall_tokens SET last_used_at = now() WHERE id = $1';

/** The path of cell $2 when it is the viewer's area ($1) or lies under it: a drill-down's scope. */
export const SUBAREA_PATH = `SELECT path FROM grids WHERE code = $2 AND (path = $1 OR path LIKE $1 || '.%')`;
