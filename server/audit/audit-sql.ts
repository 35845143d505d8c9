/** SQL of the audit trail. */
export const INSERT_AUDIT = `
  INSERT INTO audit_log (user_id, username, action, object_type, object_id, outcome, ip, detail)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`;

/** Search, newest first. $1 username, $2 action prefix, $3 object id, $4 from, $5 to, $6 outcome, $7 limit, $8 offset. */
export const SEARCH_AUDIT = `
  SELECT id::text AS id, at, user_id AS "userId", username, action, object_type AS "objectType", object_id AS "objectId",
         outcome, ip, detail, count(*) OVER ()::int AS total
  FROM audit_log
  WHERE ($1::text IS NULL OR username = $1::text)
    AND ($2::text IS NULL OR action = $2::text OR action LIKE $2::text || '.%')
    AND ($3::text IS NULL OR object_id = $3::text)
    AND ($4::timestamptz IS NULL OR at >= $4::timestamptz)
    AND ($5::timestamptz IS NULL OR at < $5::timestamptz)
    AND ($6::text IS NULL OR outcome = $6::text)
  ORDER BY at DESC, id DESC
  LIMIT $7 OFFSET $8`;

/** Sets the cut-off the append-only trigger honours, for this transaction only. */
export const SET_PRUNE_CUTOFF = `SELECT set_config('gridline.audit_prune_before', (now() - make_interval(days => $1::int))::text, true)`;
export const DELETE_BEFORE_CUTOFF = `
  DELETE FROM audit_log WHERE at < current_setting('gridline.audit_prune_before')::timestamptz RETURNING id`;
