/** SQL of account administration; every statement is limited to the administrator's area ($1 area path). */

const IN_AREA = `EXISTS (SELECT 1 FROM grids a WHERE a.code = u.area_code AND (a.path = $1 OR a.path LIKE $1 || '.%'))`;

export const LIST_USERS = `
  SELECT u.id, u.username, u.display_name AS "displayName", u.role, u.area_code AS "areaCode", g.name AS "areaName",
         u.disabled, u.must_change_password AS "mustChangePassword", u.failed_logins AS "failedLogins",
         coalesce(u.locked_until > now(), false) AS locked, u.created_at AS "createdAt",
         u.staff_id AS "staffId", s.name AS "staffName"
  FROM users u JOIN grids g ON g.code = u.area_code LEFT JOIN staff s ON s.id = u.staff_id
  WHERE ${IN_AREA}
  ORDER BY u.username`;

export const SELECT_USER_IN_AREA = `
  SELECT u.id, u.username, u.role, u.area_code AS "areaCode", u.disabled FROM users u WHERE u.id = $2 AND ${IN_AREA}`;

/** Whether a grid code lies inside the area ($1 area path, $2 code). */
export const GRID_IN_AREA = `SELECT 1 FROM grids WHERE code = $2 AND (path = $1 OR path LIKE $1 || '.%')`;

export const INSERT_USER = `
  INSERT INTO users (username, display_name, password_hash, role, area_code, must_change_password)
  VALUES ($1, $2, $3, $4, $5, $6)
  ON CONFLICT (username) DO NOTHING
  RETURNING id`;

/**
 * Applies only the fields given (NULL keeps the current value). $1 id, $2 display name, $3 role, $4 area,
 * $5 disabled; $6 whether to set the staff link, to $7 (NULL unlinks).
 */
export const UPDATE_USER = `
  UPDATE users SET display_name = coalesce($2, display_name), role = coalesce($3, role),
    area_code = coalesce($4, area_code), disabled = coalesce($5, disabled),
    staff_id = CASE WHEN $6::boolean THEN $7::int ELSE staff_id END, updated_at = now()
  WHERE id = $1`;

/** A member of staff ($2) assigned to a cell inside the area ($1), and the account already linked to them, if any. */
export const SELECT_STAFF_IN_AREA = `
  SELECT s.id, (SELECT u.id FROM users u WHERE u.staff_id = s.id) AS "linkedUserId"
  FROM staff s
  WHERE s.id = $2 AND EXISTS (
    SELECT 1 FROM staff_assignments a JOIN grids g ON g.code = a.grid_code
    WHERE a.staff_id = s.id AND (g.path = $1 OR g.path LIKE $1 || '.%'))`;

export const UNLOCK_USER = 'UPDATE users SET failed_logins = 0, locked_until = NULL, updated_at = now() WHERE id = $1';
export const RESET_PASSWORD = 'UPDATE users SET password_hash = $2, must_change_password = true, updated_at = now() WHERE id = $1';
