/** SQL of the settings: the key/value table and the incident catalogue with its time limits. */

export const SELECT_RETENTION_DAYS = `SELECT (value #>> '{}')::int AS days FROM settings WHERE key = 'audit_retention_days'`;
export const UPDATE_RETENTION_DAYS = `
  UPDATE settings SET value = to_jsonb($1::int), updated_at = now() WHERE key = 'audit_retention_days'`;

/** The households-per-worker standard (migration 016). */
export const SELECT_HOUSEHOLDS_PER_WORKER = `SELECT (value #>> '{}')::int AS n FROM settings WHERE key = 'households_per_worker'`;
export const UPDATE_HOUSEHOLDS_PER_WORKER = `
  INSERT INTO settings (key, value) VALUES ('households_per_worker', to_jsonb($1::int))
  ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`;

export const SELECT_ALL_CATEGORIES = `
  SELECT code, name_zh AS "nameZh", name_en AS "nameEn", default_colour AS "defaultColour", active
  FROM incident_categories ORDER BY code`;
export const SELECT_LIMITS = 'SELECT colour, step, minutes FROM incident_time_limits ORDER BY colour, step';
export const UPDATE_LIMIT = 'UPDATE incident_time_limits SET minutes = $3 WHERE colour = $1 AND step = $2 RETURNING minutes';
/** A code taken already inserts nothing (the service answers 409). */
export const INSERT_CATEGORY = `
  INSERT INTO incident_categories (code, name_zh, name_en, default_colour) VALUES ($1, $2, $3, $4)
  ON CONFLICT (code) DO NOTHING RETURNING code`;
/** Null leaves a field as it is. */
export const UPDATE_CATEGORY = `
  UPDATE incident_categories SET name_zh = coalesce($2, name_zh), name_en = coalesce($3, name_en),
    default_colour = coalesce($4, default_colour), active = coalesce($5, active)
  WHERE code = $1 RETURNING code`;
