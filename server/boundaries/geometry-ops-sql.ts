/**
 * Geometry arithmetic the editor asks PostGIS for, where exactness matters more than a round trip:
 * cutting a cell along a drawn line and joining neighbours. Nothing stored is read.
 */

const CELL = `ST_Multi(ST_ForcePolygonCCW(ST_SetSRID(ST_GeomFromGeoJSON($1::text), 4326)))`;

/** The polygons of cell $1 cut by line $2 (GeoJSON LineString), largest first. */
export const SPLIT = `
  SELECT ST_AsGeoJSON(ST_Multi(d.geom), 9)::json AS geometry, ST_Area(d.geom::geography)::float8 AS "areaM2"
  FROM ST_Dump(ST_Split(${CELL}, ST_SetSRID(ST_GeomFromGeoJSON($2::text), 4326))) d
  ORDER BY ST_Area(d.geom::geography) DESC`;

/** The union of the cells $1 (a JSON array of GeoJSON texts), with how many separate parts it has. */
export const MERGE = `
  WITH u AS (
    SELECT ST_Union(ST_SetSRID(ST_GeomFromGeoJSON(g), 4326)) AS geom FROM json_array_elements_text($1::json) AS g
  )
  SELECT ST_AsGeoJSON(ST_Multi(ST_ForcePolygonCCW(geom)), 9)::json AS geometry, ST_NumGeometries(ST_Multi(geom)) AS parts FROM u`;

/**
 * $1 minus $2 ('difference') or $1 within $2 ('intersection', $3): the polygons left, or null when
 * nothing is (a sibling a new cell covers entirely).
 */
export const OVERLAY = `
  WITH x AS (
    SELECT ST_CollectionExtract(CASE WHEN $3 = 'difference' THEN ST_Difference(a, b) ELSE ST_Intersection(a, b) END, 3) AS geom
    FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1::text), 4326) AS a, ST_SetSRID(ST_GeomFromGeoJSON($2::text), 4326) AS b) s
  )
  SELECT CASE WHEN ST_IsEmpty(geom) THEN NULL ELSE ST_AsGeoJSON(ST_Multi(ST_ForcePolygonCCW(geom)), 9)::json END AS geometry FROM x`;
