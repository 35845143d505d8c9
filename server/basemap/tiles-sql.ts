/**
 * Vector-tile SQL. The embedded PostGIS has no protobuf, so ST_AsMVT and
 * ST_AsMVTGeom are unavailable there; instead PostGIS clips each geometry to
 * the tile (plus a buffer), maps it to tile coordinates with ST_Affine and
 * snaps it to the integer grid, and the server encodes the protobuf.
 * $1 z, $2 x, $3 y, $4 extent, $5 buffer as a fraction of the tile.
 */
const tileFrame = `
  WITH t AS (SELECT ST_TileEnvelope($1::int, $2::int, $3::int) AS e),
  f AS (
    SELECT e,
      ST_Expand(e, (ST_XMax(e) - ST_XMin(e)) * $5::float8) AS clip,
      ST_Transform(ST_Expand(e, (ST_XMax(e) - ST_XMin(e)) * $5::float8), 4326) AS clip4326,
      $4::float8 / (ST_XMax(e) - ST_XMin(e)) AS sx,
      $4::float8 / (ST_YMax(e) - ST_YMin(e)) AS sy
    FROM t
  )`;

/** Projects `geom` (EPSG:4326) into tile pixels; exterior rings come out clockwise on screen, as MVT wants. */
const toTile = (geom: string, simplify: boolean): string => `
  ST_SnapToGrid(ST_Affine(
    ST_ClipByBox2D(${simplify ? 'ST_Simplify(' : ''}ST_ForcePolygonCCW(ST_Transform(${geom}, 3857))${simplify ? ', (ST_XMax(f.e) - ST_XMin(f.e)) / $4::float8)' : ''}, f.clip),
    f.sx, 0, 0, -f.sy, -ST_XMin(f.e) * f.sx, ST_YMax(f.e) * f.sy), 1)`;

/**
 * One layer's features in tile pixels. `OFFSET 0` keeps the subquery a step of its own: without it
 * the planner inlines `g` into each of its three uses, and every feature is transformed, simplified
 * and clipped three times (the tiles are the same bytes either way, made twice as fast).
 */
const layer = (name: string, table: string, props: string, where: string, simplify = true): string => `
  SELECT '${name}' AS layer, q.props, ST_AsGeoJSON(q.g, 0)::json AS geometry FROM (
    SELECT ${props} AS props, ${toTile('x.geom', simplify)} AS g
    FROM ${table} x, f
    WHERE x.geom && f.clip4326 AND (${where})
    OFFSET 0
  ) q
  WHERE q.g IS NOT NULL AND NOT ST_IsEmpty(q.g)`;

/** All base-map layers of one tile; layers appear from the zoom at which they are worth drawing. */
export const SELECT_BASEMAP_TILE = `${tileFrame}
  ${layer('blocks', 'blocks', "json_build_object('land_use', x.land_use)", 'true')}
  UNION ALL
  ${layer('water', 'water', "json_build_object('kind', x.kind, 'name', x.name)", 'true')}
  UNION ALL
  ${layer('compounds', 'compounds', "json_build_object('name', x.name)", '$1 >= 14')}
  UNION ALL
  ${layer('buildings', 'buildings', "json_build_object('kind', x.kind, 'floors', x.floors)", '$1 >= 14', false)}
  UNION ALL
  ${layer(
    'roads',
    'roads',
    "json_build_object('class', x.road_class, 'name', x.name)",
    "x.road_class = 'arterial' OR (x.road_class = 'secondary' AND $1 >= 10) OR (x.road_class = 'local' AND $1 >= 13) OR $1 >= 14",
  )}`;

/**
 * Road-name label anchors: the middle of each named road and its bearing,
 * for a TextLayer (no glyph server needed). $1–$4 bbox, $5 classes.
 */
export const SELECT_ROAD_LABELS = `
  SELECT r.name, r.road_class AS "roadClass",
    round(ST_X(p.pt)::numeric, 6)::float8 AS lon, round(ST_Y(p.pt)::numeric, 6)::float8 AS lat,
    round(degrees(ST_Azimuth(ST_LineInterpolatePoint(r.geom, 0.45), ST_LineInterpolatePoint(r.geom, 0.55)))::numeric, 1)::float8 AS bearing,
    round(ST_Length(r.geom::geography)::numeric)::int AS "lengthM"
  FROM roads r
  CROSS JOIN LATERAL (SELECT ST_LineInterpolatePoint(r.geom, 0.5) AS pt) p
  WHERE r.name IS NOT NULL
    AND r.geom && ST_MakeEnvelope($1::float8, $2::float8, $3::float8, $4::float8, 4326)
    AND r.road_class = ANY($5::text[])
  ORDER BY ST_Length(r.geom) DESC`;

/** Places worth a label: compounds (小区) and public buildings, anchored inside them. $1–$4 bbox. */
export const SELECT_PLACE_LABELS = `
  SELECT c.name, 'compound' AS kind,
    round(ST_X(ST_PointOnSurface(c.geom))::numeric, 6)::float8 AS lon,
    round(ST_Y(ST_PointOnSurface(c.geom))::numeric, 6)::float8 AS lat
  FROM compounds c
  WHERE c.geom && ST_MakeEnvelope($1::float8, $2::float8, $3::float8, $4::float8, 4326)
  ORDER BY c.id`;

/** The district's extent and centre for the style and the initial view. */
export const SELECT_DISTRICT_EXTENT = `
  SELECT ST_XMin(bbox) AS "minLon", ST_YMin(bbox) AS "minLat", ST_XMax(bbox) AS "maxLon", ST_YMax(bbox) AS "maxLat", seed, scale
  FROM district_meta`;
