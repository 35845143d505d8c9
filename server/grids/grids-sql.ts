/** SQL of the grids domain, as named constants with `$n` parameters only. */

/** The deepest level whose cells tile their parent: where incidents are located and staff serve. */
export const SELECT_LEAF_LEVEL = `
  SELECT key FROM grid_levels WHERE tiles_parent AND EXISTS (SELECT 1 FROM grids WHERE level = key) ORDER BY rank DESC LIMIT 1`;

/** Levels with the number of cells the viewer may see ($1 area path). */
export const SELECT_LEVELS = `
  SELECT key, rank, name_zh AS "nameZh", name_en AS "nameEn", tiles_parent AS "tilesParent",
         (SELECT count(*)::int FROM grids g WHERE g.level = l.key AND (g.path = $1 OR g.path LIKE $1 || '.%')) AS "cellCount"
  FROM grid_levels l ORDER BY rank`;

/**
 * A FeatureCollection built entirely in PostGIS and returned as text, so the
 * server never parses and re-serialises large geometries.
 * $1 level, $2 parent, $3–$6 bbox, $7 simplification tolerance (degrees), $8 viewer's area path.
 */
export const SELECT_GRIDS_GEOJSON = `
  SELECT json_build_object(
    'type', 'FeatureCollection',
    'features', coalesce(json_agg(json_build_object(
      'type', 'Feature',
      'id', g.code,
      'geometry', ST_AsGeoJSON(
        CASE WHEN $7::float8 IS NULL THEN g.geom ELSE ST_SimplifyPreserveTopology(g.geom, $7::float8) END, 6)::json,
      'properties', json_build_object(
        'code', g.code, 'name', g.name, 'level', g.level, 'parentCode', g.parent_code,
        'version', g.version, 'areaKm2', round((g.area_m2 / 1e6)::numeric, 3),
        'labelLon', round(ST_X(g.label_point)::numeric, 6), 'labelLat', round(ST_Y(g.label_point)::numeric, 6))
    ) ORDER BY g.code), '[]'::json)
  )::text AS body
  FROM grids g
  WHERE ($1::text IS NULL OR g.level = $1::text)
    AND ($2::text IS NULL OR g.parent_code = $2::text)
    AND ($3::float8 IS NULL OR g.geom && ST_MakeEnvelope($3::float8, $4::float8, $5::float8, $6::float8, 4326))
    AND (g.path = $8 OR g.path LIKE $8 || '.%')`;

/** Whether a cell exists inside the viewer's area ($2 area path); outside it is as if it did not exist. */
export const SELECT_GRID_EXISTS = `SELECT 1 FROM grids WHERE code = $1 AND (path = $2 OR path LIKE $2 || '.%')`;

/** A cell's path (anywhere: the caller checks it against the viewer's area). */
export const SELECT_GRID_PATH = 'SELECT path FROM grids WHERE code = $1';

/** Whether a cell exists at all (to audit lookups outside the area, which still answer 404). */
export const SELECT_GRID_EXISTS_ANYWHERE = 'SELECT 1 FROM grids WHERE code = $1';

/** One cell inside the viewer's area ($2), with its leader, ancestors inside the area and its subtree's figures. */
export const SELECT_GRID_DETAIL = `
  WITH cell AS (SELECT * FROM grids WHERE code = $1 AND (path = $2 OR path LIKE $2 || '.%')),
  sub AS (
    SELECT g.code, g.level FROM grids g, cell
    WHERE g.path = cell.path OR g.path LIKE cell.path || '.%'
  ),
  hh AS (SELECT h.id FROM households h WHERE h.grid_code IN (SELECT code FROM sub))
  SELECT
    cell.code, cell.name, cell.level, cell.parent_code AS "parentCode", cell.version,
    round((cell.area_m2 / 1e6)::numeric, 3)::float8 AS "areaKm2",
    ST_AsGeoJSON(ST_Envelope(cell.geom), 6)::json AS "bboxGeometry",
    (SELECT json_build_object('id', s.id, 'name', s.name) FROM staff s WHERE s.id = cell.leader_staff_id) AS leader,
    (SELECT coalesce(json_agg(json_build_object('id', s.id, 'name', s.name, 'duty', a.duty)
        ORDER BY CASE a.duty WHEN 'grid_leader' THEN 0 WHEN 'full_time' THEN 1 ELSE 2 END, s.id), '[]'::json)
       FROM staff_assignments a JOIN staff s ON s.id = a.staff_id WHERE a.grid_code = cell.code AND s.active) AS team,
    (SELECT coalesce(json_agg(json_build_object('code', a.code, 'name', a.name, 'level', a.level) ORDER BY length(a.path)), '[]'::json)
       FROM grids a WHERE cell.path LIKE a.path || '.%' AND (a.path = $2 OR a.path LIKE $2 || '.%')) AS ancestors,
    (SELECT count(*)::int FROM hh) AS households,
    (SELECT count(*)::int FROM residents r WHERE r.household_id IN (SELECT id FROM hh)) AS residents,
    (SELECT count(DISTINCT a.staff_id)::int FROM staff_assignments a WHERE a.grid_code IN (SELECT code FROM sub)) AS staff,
    (SELECT count(DISTINCT a.staff_id)::int FROM staff_assignments a
       WHERE a.grid_code IN (SELECT code FROM sub) AND a.duty IN ('full_time', 'part_time')) AS workers,
    (SELECT count(*)::int FROM buildings b JOIN blocks k ON k.id = b.block_id WHERE k.grid_code IN (SELECT code FROM sub)) AS buildings,
    (SELECT coalesce(json_object_agg(level, n), '{}'::json)
       FROM (SELECT level, count(*)::int AS n FROM sub WHERE code <> $1 GROUP BY level) d) AS "descendantsByLevel"
  FROM cell`;

/**
 * Every cell under (or equal to) a cell of the CTE \`target\`, as (target, code). A cell's path lists
 * its ancestors' codes, so this is a hash join on codes; a join on \`path LIKE target.path || '.%'\`
 * compares every pair and took 2.5 s for the county's 2,425 grids.
 */
export const UNDER_TARGET = `
    SELECT t.code AS target, d.code FROM grids d
    CROSS JOIN LATERAL unnest(string_to_array(d.path, '.')) AS anc(code)
    JOIN target t ON t.code = anc.code`;

/**
 * Figures for every cell of one level inside a subtree (the side panel's bars).
 * $1 root code, $2 level, $3 viewer's area path.
 */
export const SELECT_BREAKDOWN = `
  WITH root AS (SELECT path FROM grids WHERE code = $1 AND (path = $3 OR path LIKE $3 || '.%')),
  target AS (
    SELECT g.code, g.name, g.path FROM grids g, root
    WHERE g.level = $2 AND (g.path = root.path OR g.path LIKE root.path || '.%')
  ),
  leaf AS (${UNDER_TARGET}),
  hh AS (
    SELECT l.target, count(DISTINCT h.id)::int AS households, count(r.id)::int AS residents
    FROM leaf l JOIN households h ON h.grid_code = l.code
    LEFT JOIN residents r ON r.household_id = h.id
    GROUP BY l.target
  ),
  st AS (
    SELECT l.target, count(DISTINCT a.staff_id) FILTER (WHERE a.duty IN ('full_time', 'part_time'))::int AS workers
    FROM leaf l JOIN staff_assignments a ON a.grid_code = l.code GROUP BY l.target
  )
  SELECT t.code, t.name, coalesce(hh.households, 0) AS households, coalesce(hh.residents, 0) AS residents,
         coalesce(st.workers, 0) AS workers
  FROM target t LEFT JOIN hh ON hh.target = t.code LEFT JOIN st ON st.target = t.code
  ORDER BY t.code`;

/**
 * The cells of level $2 as they stood at $3, inside the area $1: the version of each that was in
 * force then (a cell deleted since is there; one created since is not). The area is judged by the
 * cell's or its parent's place in today's tree, since a cell deleted since has none of its own.
 * The shapes loaded with the district (no change set) stand from the start of its history: its
 * incidents may predate the load (a migrated history, the demo's generated past).
 */
export const CELLS_AS_OF = `
  SELECT json_build_object(
    'type', 'FeatureCollection',
    'features', coalesce(json_agg(json_build_object(
      'type', 'Feature',
      'id', v.code,
      'geometry', ST_AsGeoJSON(v.geom, 6)::json,
      'properties', json_build_object(
        'code', v.code, 'name', v.name, 'level', v.level, 'parentCode', v.parent_code, 'version', v.version,
        'areaKm2', round((ST_Area(v.geom::geography) / 1e6)::numeric, 3),
        'labelLon', round(ST_X(ST_PointOnSurface(v.geom))::numeric, 6), 'labelLat', round(ST_Y(ST_PointOnSurface(v.geom))::numeric, 6))
    ) ORDER BY v.code), '[]'::json)
  )::text AS body
  FROM grid_versions v
  WHERE v.level = $2 AND NOT v.deleted AND (v.valid_from <= $3::timestamptz OR v.change_set_id IS NULL) AND (v.valid_to IS NULL OR v.valid_to > $3::timestamptz)
    AND EXISTS (SELECT 1 FROM grids a WHERE a.code IN (v.code, v.parent_code) AND (a.path = $1 OR a.path LIKE $1 || '.%'))`;
