/** SQL of boundary file import and export. Uploads are their uploader's own: $2 is always the user. */

export const INSERT_UPLOAD = `
  INSERT INTO boundary_imports (user_id, area_code, file_name, format, bytes) VALUES ($1, $2, $3, $4, $5)
  RETURNING id`;

export const PURGE_STALE_UPLOADS = `DELETE FROM boundary_imports WHERE change_set_id IS NULL AND created_at < now() - interval '1 day'`;

export const LOAD_UPLOAD = `
  SELECT id, file_name AS "fileName", format, bytes FROM boundary_imports WHERE id = $1 AND user_id = $2 AND change_set_id IS NULL`;

/** The upload became draft $2: its bytes are no longer kept. */
export const MARK_DRAFTED = `UPDATE boundary_imports SET change_set_id = $2, bytes = ''::bytea WHERE id = $1`;

/** Validity of many shapes at once ($1 JSON records: index and GeoJSON text), with PostGIS's reason. */
export const VALIDITY_OF_MANY = `
  SELECT x.i, (d).valid, (d).reason
  FROM json_to_recordset($1::json) AS x(i integer, geometry text),
  LATERAL (SELECT ST_IsValidDetail(ST_SetSRID(ST_GeomFromGeoJSON(x.geometry), 4326)) AS d) v
  WHERE NOT (d).valid ORDER BY x.i`;

/**
 * Cells of level $1 inside the area $2 (optionally under parent $3) for export, exterior rings
 * clockwise when $4 (Shapefile) and counter-clockwise otherwise (GeoJSON, RFC 7946).
 */
export const EXPORT_CELLS = `
  SELECT g.code, g.name, g.level, coalesce(g.parent_code, '') AS "parentCode", g.version,
    round((g.area_m2 / 1e6)::numeric, 3)::float8 AS "areaKm2",
    ST_AsGeoJSON(CASE WHEN $4 THEN ST_ForcePolygonCW(g.geom) ELSE ST_ForcePolygonCCW(g.geom) END, 9)::json AS geometry
  FROM grids g
  WHERE g.level = $1 AND (g.path = $2 OR g.path LIKE $2 || '.%') AND ($3::text IS NULL OR g.parent_code = $3)
  ORDER BY g.code`;

/**
 * Imported shapes ($1 records: index, GeoJSON text) with their vertices within $3 degrees of the
 * parent $2's boundary snapped onto it, so a partition drawn elsewhere (or converted from GCJ-02)
 * meets the parent's edge exactly; a shape that snapping would make invalid is kept as it was.
 */
export const SNAP_TO_PARENT = `
  SELECT x.i, ST_AsGeoJSON(CASE WHEN ST_IsValid(s.g) AND NOT ST_IsEmpty(s.g) THEN s.g ELSE o.g END, 9) AS geometry
  FROM json_to_recordset($1::json) AS x(i integer, geometry text),
  LATERAL (SELECT ST_Multi(ST_ForcePolygonCCW(ST_SetSRID(ST_GeomFromGeoJSON(x.geometry), 4326))) AS g) o,
  LATERAL (SELECT ST_Multi(ST_Snap(o.g, (SELECT geom FROM grids WHERE code = $2), $3::float8)) AS g) s
  ORDER BY x.i`;

/** The viewer's area $1: its name and centre (where a file without a stated system should land). */
export const AREA_CENTRE = `
  SELECT name, ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM grids WHERE code = $1`;

/** Kilometres from the extent of shapes ($1 records: index, GeoJSON text) to the area $2 (0 when they meet). */
export const DISTANCE_TO_AREA = `
  WITH f AS (
    SELECT ST_SetSRID(ST_GeomFromGeoJSON(x.geometry), 4326) AS g FROM json_to_recordset($1::json) AS x(i integer, geometry text)
  )
  SELECT ST_Distance((SELECT ST_Envelope(ST_Collect(g)) FROM f)::geography, a.geom::geography) / 1000 AS "distanceKm"
  FROM grids a WHERE a.code = $2`;

/**
 * For shapes ($1 records), the parent in the area $2 (a cell whose children are at the finest
 * level, $3) that each one's inner point falls in, counted; a null parent counts those in none.
 */
export const PARENTS_OF_SHAPES = `
  WITH f AS (
    SELECT ST_PointOnSurface(ST_SetSRID(ST_GeomFromGeoJSON(x.geometry), 4326)) AS p
    FROM json_to_recordset($1::json) AS x(i integer, geometry text)
  )
  SELECT pc.code, pc.name, count(*)::int AS features
  FROM f LEFT JOIN LATERAL (
    SELECT g.code, g.name FROM grids g
    WHERE (g.path = $2 OR g.path LIKE $2 || '.%') AND ST_Intersects(g.geom, f.p)
      AND EXISTS (SELECT 1 FROM grids c WHERE c.parent_code = g.code AND c.level = $3)
    ORDER BY g.code LIMIT 1
  ) pc ON true
  GROUP BY pc.code, pc.name ORDER BY count(*) DESC, pc.code`;

/**
 * Which of the drafted shapes ($1 records: index, code, GeoJSON text) are the cell of that code
 * as it stands: every vertex of either outline within $2 degrees of the other's (a discrete
 * Hausdorff distance of the boundaries, holes included), so a re-import through another program's
 * rounding is still the same shape. Names are compared by the caller.
 */
export const UNCHANGED_SHAPES = `
  SELECT x.i
  FROM json_to_recordset($1::json) AS x(i integer, code text, geometry text)
  JOIN grids g ON g.code = x.code
  WHERE ST_HausdorffDistance(ST_Boundary(g.geom), ST_Boundary(ST_SetSRID(ST_GeomFromGeoJSON(x.geometry), 4326))) <= $2
  ORDER BY x.i`;
