/** SQL of the first start: the first administrator and the demo accounts. */

export const SELECT_ADMIN = `SELECT 1 FROM users WHERE role = 'admin' LIMIT 1`;
export const SELECT_ROOT = `SELECT code FROM grids WHERE parent_code IS NULL ORDER BY code LIMIT 1`;
export const INSERT_USER = `
  INSERT INTO users (username, display_name, password_hash, role, area_code, must_change_password)
  VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (username) DO NOTHING RETURNING id`;
/** The demo worker is the grid's full-time 网格员, so it sees the watch-list people it is responsible for. */
export const LINK_DEMO_WORKER = `
  UPDATE users u SET staff_id = a.staff_id
  FROM (SELECT staff_id FROM staff_assignments WHERE grid_code = $2 AND duty = 'full_time' ORDER BY staff_id LIMIT 1) a
  WHERE u.username = $1 AND u.staff_id IS NULL`;

/** The first cell of a level, where a demo account is bound. */
export const FIRST_CELL = `SELECT code FROM grids WHERE level = $1 ORDER BY code LIMIT 1`;
