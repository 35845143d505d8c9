/** SQL of wall tours, as named constants with `$n` parameters. */

/** A live wall token inside the viewer's area ($1), with its own area's path. */
export const SELECT_TOKEN_IN_AREA = `
  SELECT w.id, g.path AS "areaPath"
  FROM wall_tokens w JOIN grids g ON g.code = w.area_code
  WHERE w.id = $2 AND w.revoked_at IS NULL AND (g.path = $1 OR g.path LIKE $1 || '.%')`;

/** A token's tour; locked when read in a transaction that may replace it. */
export const SELECT_TOUR = `
  SELECT steps, version, updated_name AS "updatedBy", updated_at AS "updatedAt"
  FROM wall_tours WHERE wall_token_id = $1`;
export const SELECT_TOUR_FOR_UPDATE = `SELECT version FROM wall_tours WHERE wall_token_id = $1 FOR UPDATE`;

/**
 * Writes a token's tour at the next version. The guard on the version makes a second editor that
 * raced the first one in (both saw no tour) update nothing, and be told so.
 */
export const UPSERT_TOUR = `
  INSERT INTO wall_tours (wall_token_id, steps, version, updated_by, updated_name)
  VALUES ($1, $2::jsonb, $3 + 1, $4, $5)
  ON CONFLICT (wall_token_id) DO UPDATE
    SET steps = EXCLUDED.steps, version = wall_tours.version + 1, updated_by = EXCLUDED.updated_by,
        updated_name = EXCLUDED.updated_name, updated_at = now()
    WHERE wall_tours.version = $3
  RETURNING version, updated_at AS "updatedAt"`;

/** Cells of $2 (codes) inside the area path $1: a close-up must show the wall's own ground. */
export const CELLS_IN_AREA = `SELECT code FROM grids WHERE code = ANY ($2::text[]) AND (path = $1 OR path LIKE $1 || '.%')`;

/**
 * Tells the walls of the token's area that its tour changed (the wall of that token reloads it;
 * others ignore it), in the transaction that changes it.
 */
export const INSERT_TOUR_OUTBOX = `
  INSERT INTO outbox (topic, grid_path, payload)
  SELECT 'tour.changed', g.path, json_build_object('wallTokenId', w.id, 'version', $2::int)::jsonb
  FROM wall_tokens w JOIN grids g ON g.code = w.area_code WHERE w.id = $1`;
