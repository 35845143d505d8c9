/**
 * SQL of the playback: every incident alive in a window [$2, $3) of the area $1 (scoped by where it
 * happened, as the statistics are), with the statuses it took up to the window's end, and the
 * moments in the window when a cell of the area was published anew.
 */

export const PLAYBACK_INCIDENTS = `
  SELECT i.id::text AS id,
    round(ST_X(i.geom)::numeric, 6)::float8 AS lon, round(ST_Y(i.geom)::numeric, 6)::float8 AS lat,
    i.colour, i.category, i.grid_code AS "gridCode", i.responsible_code AS "responsibleCode", i.created_at AS "createdAt",
    coalesce((SELECT json_agg(json_build_array(to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), e.to_status) ORDER BY e.at, e.id)
              FROM incident_events e WHERE e.incident_id = i.id AND e.at < $3::timestamptz), '[]'::json) AS steps
  FROM incidents i JOIN grids c ON c.code = coalesce(i.grid_code, i.responsible_code)
  WHERE (c.path = $1 OR c.path LIKE $1 || '.%')
    AND i.created_at < $3::timestamptz AND (i.closed_at IS NULL OR i.closed_at >= $2::timestamptz)
  ORDER BY i.created_at, i.id`;

/** When versions of the area's cells took effect inside the window (a deleted cell's parent is the area's). */
export const BOUNDARY_CHANGES = `
  SELECT DISTINCT to_char(v.valid_from AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
  FROM grid_versions v
  WHERE v.valid_from >= $2::timestamptz AND v.valid_from < $3::timestamptz AND v.change_set_id IS NOT NULL
    AND EXISTS (SELECT 1 FROM grids a WHERE a.code IN (v.code, v.parent_code) AND (a.path = $1 OR a.path LIKE $1 || '.%'))
  ORDER BY at`;
