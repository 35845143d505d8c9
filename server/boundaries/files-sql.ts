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
