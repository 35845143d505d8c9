/**
 * SQL of the authoritative boundary checks. $1 is always the proposed cells as JSON records
 * (code, action, geometry as GeoJSON text); areas are geodesic square metres.
 */

/** A proposed geometry as PostGIS will keep it: SRID 4326, shells counter-clockwise (RFC 7946), multi. */
const PROPOSED = `
  SELECT x.code, x.action, ST_Multi(ST_ForcePolygonCCW(ST_SetSRID(ST_GeomFromGeoJSON(x.geometry), 4326))) AS geom
  FROM json_to_recordset($1::json) AS x(code text, action text, geometry text)
  WHERE x.action <> 'delete'`;

/** Whether each proposed shape is valid, and if not, why and where (ST_IsValidDetail). */
export const VALIDITY = `
  SELECT x.code, (d).valid, (d).reason, ST_AsGeoJSON((d).location, 7)::json AS location
  FROM json_to_recordset($1::json) AS x(code text, action text, geometry text),
  LATERAL (SELECT ST_IsValidDetail(ST_SetSRID(ST_GeomFromGeoJSON(x.geometry), 4326)) AS d) v
  WHERE x.action <> 'delete'
  ORDER BY x.code`;

/**
 * The cells of parent $2 after the change: the unchanged siblings and the proposed shapes (deleted
 * cells gone). Used by the relation checks below.
 */
const AFTER = `
  proposed AS (${PROPOSED}),
  parent AS (SELECT code, geom FROM grids WHERE code = $2),
  removed AS (SELECT x.code FROM json_to_recordset($1::json) AS x(code text, action text, geometry text)),
  after AS (
    SELECT g.code, g.geom, false AS proposed FROM grids g WHERE g.parent_code = $2 AND g.code NOT IN (SELECT code FROM removed)
    UNION ALL SELECT p.code, p.geom, true FROM proposed p
  )`;

/** Existing cells named by code, inside the area $2, with what a change needs to know of them. */
export const CELLS_IN_AREA = `
  SELECT g.code, g.name, g.level, g.parent_code AS "parentCode", g.version
  FROM grids g WHERE g.code = ANY($1::text[]) AND (g.path = $2 OR g.path LIKE $2 || '.%')`;

/**
 * A parent $1 inside the area $2 (its root included: an operator of a street redraws its communities,
 * never the street itself), with the level its children are drawn at.
 */
export const PARENT_IN_AREA = `
  SELECT g.code, g.level, (SELECT key FROM grid_levels l WHERE l.rank > (SELECT rank FROM grid_levels WHERE key = g.level)
    AND l.tiles_parent ORDER BY l.rank LIMIT 1) AS "childLevel"
  FROM grids g WHERE g.code = $1 AND (g.path = $2 OR g.path LIKE $2 || '.%')`;

/**
 * All four relation checks in one statement, the proposed shapes parsed once: $1 proposed cells,
 * $2 parent, $3 area tolerance (m²), $4 sliver size (m²). One row of four JSON arrays, each as the
 * statements above answer it.
 */
export const RELATIONS = `
  WITH ${AFTER},
  outside AS (
    SELECT p.code, ST_CollectionExtract(ST_Difference(p.geom, parent.geom), 3) AS geom FROM proposed p, parent
  ),
  pairs AS (
    SELECT p.code, s.code AS sibling, ST_CollectionExtract(ST_Intersection(p.geom, s.geom), 3) AS geom
    FROM proposed p JOIN after s ON s.code <> p.code AND ST_Intersects(p.geom, s.geom)
    WHERE NOT s.proposed OR s.code > p.code
  ),
  uncovered AS (
    SELECT (ST_Dump(ST_CollectionExtract(ST_Difference(parent.geom, (SELECT ST_Union(geom) FROM after)), 3))).geom AS geom
    FROM parent
  ),
  parts AS (SELECT code, (ST_Dump(geom)).geom AS geom FROM proposed)
  SELECT
    (SELECT coalesce(json_agg(json_build_object('code', code, 'areaM2', round(ST_Area(geom::geography)::numeric, 1)::float8,
        'geometry', ST_AsGeoJSON(geom, 7)::json) ORDER BY code), '[]')
     FROM outside WHERE NOT ST_IsEmpty(geom) AND ST_Area(geom::geography) > $3) AS outside,
    (SELECT coalesce(json_agg(json_build_object('code', code, 'sibling', sibling,
        'areaM2', round(ST_Area(geom::geography)::numeric, 1)::float8, 'geometry', ST_AsGeoJSON(geom, 7)::json) ORDER BY code, sibling), '[]')
     FROM pairs WHERE NOT ST_IsEmpty(geom) AND ST_Area(geom::geography) > $3) AS overlaps,
    (SELECT coalesce(json_agg(json_build_object('areaM2', round(ST_Area(u.geom::geography)::numeric, 1)::float8,
        'geometry', ST_AsGeoJSON(u.geom, 7)::json,
        'households', (SELECT count(*)::int FROM households h WHERE ST_Intersects(h.geom, u.geom)
           AND NOT EXISTS (SELECT 1 FROM after a WHERE ST_Intersects(a.geom, h.geom))))
        ORDER BY ST_Area(u.geom::geography) DESC), '[]')
     FROM uncovered u WHERE ST_Area(u.geom::geography) > $3) AS gaps,
    (SELECT coalesce(json_agg(json_build_object('code', code, 'areaM2', round(ST_Area(geom::geography)::numeric, 1)::float8,
        'geometry', ST_AsGeoJSON(geom, 7)::json) ORDER BY code), '[]')
     FROM parts WHERE ST_Area(geom::geography) < $4) AS slivers`;
