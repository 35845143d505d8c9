/** SQL of the audit trail. */
export const INSERT_AUDIT = `
  INSERT INTO audit_log (user_id, username, action, object_type, object_id, outcome, ip, detail)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`;

/**
 * One audit row per row of `source` (a CTE of the same statement), for a write that goes in one
 * statement: `objectIdExpr` reads the object's id from the source row, and parameters
 * $first … $first+6 carry user id, username, action, object type, outcome, ip and detail, in
 * `auditParams` order without the object id.
 */
export const INSERT_AUDIT_FROM = (source: string, objectIdExpr: string, first: number) => {
  const $ = (k: number) => `$${first + k}`;
  return `
  INSERT INTO audit_log (user_id, username, action, object_type, object_id, outcome, ip, detail)
  SELECT ${$(0)}::int, ${$(1)}::text, ${$(2)}::text, ${$(3)}::text, ${objectIdExpr}, ${$(4)}::text, ${$(5)}::text, ${$(6)}::jsonb
  FROM ${source}`;
};

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
