/** SQL of split suggestions: a cell's land blocks, their neighbours, and the parts drawn from them. */

/** A cell $1 in the area $2 with its households, workers and the standard it is measured against. */
export const CELL_LOAD = `
  SELECT g.code, g.name, g.level, g.parent_code AS "parentCode", g.version,
    EXISTS (SELECT 1 FROM grids c WHERE c.parent_code = g.code) AS "hasChildren",
    (SELECT count(*)::int FROM households h WHERE h.grid_code = g.code) AS households,
    (SELECT count(DISTINCT s.staff_id)::int FROM staff_assignments s WHERE s.grid_code = g.code) AS workers,
    coalesce((SELECT (value #>> '{}')::int FROM settings WHERE key = 'households_per_worker'), 300) AS standard
  FROM grids g WHERE g.code = $1 AND (g.path = $2 OR g.path LIKE $2 || '.%')`;

/** The cell's blocks (bounded by streets) with their households and a point inside each. */
export const BLOCKS_OF_CELL = `
  SELECT b.id,
    (SELECT count(*)::int FROM households h JOIN buildings u ON u.id = h.building_id WHERE u.block_id = b.id AND h.grid_code = $1) AS households,
    ST_X(ST_PointOnSurface(b.geom)) AS x, ST_Y(ST_PointOnSurface(b.geom)) AS y
  FROM blocks b WHERE b.grid_code = $1 ORDER BY b.id`;

/** Pairs of those blocks facing each other across a street (within $2 metres). */
export const BLOCK_NEIGHBOURS = `
  SELECT a.id AS a, b.id AS b FROM blocks a JOIN blocks b ON a.grid_code = b.grid_code AND a.id < b.id
  WHERE a.grid_code = $1 AND ST_DWithin(a.geom::geography, b.geom::geography, $2)`;

/**
 * The cell $1 divided among groups of its blocks ($2: [{id, group}]): points along every block's
 * edge (every $3 degrees) seed Voronoi polygons, which meet halfway across the streets between
 * blocks; each group takes the polygons nearest its blocks, clipped to the cell. Group $4 takes the
 * rest of the cell, so the parts tile it exactly; fragments under 100 m² are left to it as well.
 */
export const PARTS_FROM_GROUPS = `
  WITH cell AS (SELECT geom FROM grids WHERE code = $1),
  groups AS (SELECT (x ->> 'id')::int AS id, (x ->> 'group')::int AS grp FROM json_array_elements($2::json) x),
  gb AS (SELECT g.grp, b.geom FROM groups g JOIN blocks b ON b.id = g.id),
  pts AS (SELECT (ST_DumpPoints(ST_Segmentize(ST_Boundary(geom), $3::float8))).geom AS p FROM gb),
  vor AS (SELECT (ST_Dump(ST_VoronoiPolygons(ST_Collect(p), 0, (SELECT ST_Expand(geom, 0.01) FROM cell)))).geom AS v FROM pts),
  labelled AS (
    SELECT v, (SELECT grp FROM gb ORDER BY ST_Distance(gb.geom, ST_PointOnSurface(vor.v)) LIMIT 1) AS grp FROM vor
  ),
  raw AS (
    SELECT grp, ST_CollectionExtract(ST_Intersection((SELECT geom FROM cell), ST_Union(v)), 3) AS geom FROM labelled
    WHERE grp <> $4 GROUP BY grp
  ),
  cleaned AS (
    SELECT grp, ST_Collect(ARRAY(SELECT d.geom FROM ST_Dump(raw.geom) d WHERE ST_Area(d.geom::geography) >= 100)) AS geom FROM raw
  ),
  rest AS (
    SELECT $4::int AS grp, ST_CollectionExtract(ST_Difference((SELECT geom FROM cell), (SELECT ST_Union(geom) FROM cleaned)), 3) AS geom
  ),
  -- Crumbs of the difference along the other parts' edges (under the 1 m² tolerance) are dropped.
  rest_cleaned AS (
    SELECT grp, ST_Collect(ARRAY(SELECT d.geom FROM ST_Dump(rest.geom) d WHERE ST_Area(d.geom::geography) >= 1)) AS geom FROM rest
  ),
  -- Shapes are stored from GeoJSON at 9 decimals: snapped to that grid first, so what is checked
  -- here is what will be stored. Floating-point overlay can leave a part touching itself; these
  -- shapes are ours, not an operator's, so a repair that keeps them polygonal is taken (the
  -- draft's checks still apply), and a part that cannot be made valid fails the suggestion.
  snapped AS (SELECT grp, ST_SnapToGrid(geom, 0.000000001) AS geom FROM (SELECT * FROM cleaned UNION ALL SELECT * FROM rest_cleaned) p),
  fixed AS (
    SELECT grp, CASE WHEN ST_IsValid(geom) THEN geom
      ELSE ST_SnapToGrid(ST_CollectionExtract(ST_MakeValid(geom), 3), 0.000000001) END AS geom
    FROM snapped
  ),
  -- A repair can split off crumbs of its own; those under the 1 m² tolerance go too.
  final AS (
    SELECT grp, ST_Collect(ARRAY(SELECT d.geom FROM ST_Dump(fixed.geom) d WHERE ST_Area(d.geom::geography) >= 1)) AS geom
    FROM fixed
  )
  SELECT grp, ST_AsGeoJSON(ST_Multi(ST_ForcePolygonCCW(geom)), 9)::text AS geometry
  FROM final WHERE geom IS NOT NULL AND NOT ST_IsEmpty(geom) AND ST_IsValid(geom) ORDER BY grp`;

/** Codes used under parent $1, now or ever (history keeps deleted codes), so a new cell never reuses one. */
export const TAKEN_CODES = `SELECT code FROM grid_versions WHERE parent_code = $1 UNION SELECT code FROM grids WHERE parent_code = $1`;
