/**
 * SQL of the coverage gaps. $1 is the area's path; leaf cells are the finest tiling level ($2).
 * Each statement returns every place of one kind of gap with a label, a point to open the map at
 * and the figure behind it, the worst first; nothing personal (households are named by their
 * building and unit, key-group members counted per grid and category, never named).
 */

const IN_AREA = (path: string) => `(${path} = $1 OR ${path} LIKE $1 || '.%')`;

/** The area's leaf cells. */
const LEAVES = `leaves AS (SELECT g.code, g.name, g.geom, g.label_point FROM grids g WHERE g.level = $2 AND ${IN_AREA('g.path')})`;

/** Households whose point lies in no leaf cell (left in a gap by a redraw, or placed outside). */
export const HOUSEHOLDS_OUTSIDE = `
  SELECT NULL::text AS code, b.name || ' ' || h.unit || '单元' AS name, ST_X(h.geom) AS lon, ST_Y(h.geom) AS lat, NULL::float8 AS value
  FROM households h JOIN grids g ON g.code = h.grid_code JOIN buildings b ON b.id = h.building_id
  WHERE ${IN_AREA('g.path')}
    AND NOT EXISTS (SELECT 1 FROM grids l WHERE l.level = $2 AND ST_Intersects(l.geom, h.geom))
  ORDER BY h.id`;

/** Leaf cells without an active worker of the duty $3 (grid_leader or full_time). */
export const GRIDS_WITHOUT_DUTY = `
  WITH ${LEAVES}
  SELECT l.code, l.name, ST_X(l.label_point) AS lon, ST_Y(l.label_point) AS lat, NULL::float8 AS value
  FROM leaves l
  WHERE NOT EXISTS (
    SELECT 1 FROM staff_assignments a JOIN staff s ON s.id = a.staff_id WHERE a.grid_code = l.code AND a.duty = $3 AND s.active
  )
  ORDER BY l.code`;

/** Leaf cells above the households-per-worker standard ($3), the most loaded first (value: households per worker). */
export const GRIDS_OVER_STANDARD = `
  WITH ${LEAVES},
  load AS (
    SELECT l.code, l.name, l.label_point,
      (SELECT count(*) FROM households h WHERE h.grid_code = l.code)::float8 /
        greatest(1, (SELECT count(DISTINCT a.staff_id) FROM staff_assignments a JOIN staff s ON s.id = a.staff_id
                     WHERE a.grid_code = l.code AND a.duty IN ('grid_leader', 'full_time') AND s.active)) AS per_worker
    FROM leaves l
  )
  SELECT code, name, ST_X(label_point) AS lon, ST_Y(label_point) AS lat, round(per_worker::numeric, 1)::float8 AS value
  FROM load WHERE per_worker > $3 ORDER BY per_worker DESC, code`;

/** Watch-list members (问) with no responsible worker, or one no longer active: counted per grid (value: members). */
export const WATCH_WITHOUT_WORKER = `
  SELECT g.code, g.name || ' · ' || c.name_zh AS name, ST_X(g.label_point) AS lon, ST_Y(g.label_point) AS lat, count(*)::float8 AS value
  FROM key_group_members k
  JOIN key_group_categories c ON c.code = k.category AND c.kind = 'watch'
  JOIN residents r ON r.id = k.resident_id
  JOIN households h ON h.id = r.household_id
  JOIN grids g ON g.code = h.grid_code
  LEFT JOIN staff s ON s.id = k.responsible_staff_id
  WHERE k.until IS NULL AND ${IN_AREA('g.path')} AND (s.id IS NULL OR NOT s.active)
  GROUP BY g.code, g.name, c.name_zh, g.label_point
  ORDER BY count(*) DESC, g.code`;

/** Leaf cells with key-group members and no visit to any of them in the last 30 days (value: days since the last, null: never). */
export const GRIDS_WITHOUT_VISIT = `
  WITH ${LEAVES},
  last AS (
    SELECT l.code, l.name, l.label_point,
      (SELECT max(v.visited_at) FROM visits v JOIN key_group_members k ON k.id = v.member_id
         JOIN residents r ON r.id = k.resident_id JOIN households h ON h.id = r.household_id
       WHERE h.grid_code = l.code) AS at,
      EXISTS (SELECT 1 FROM key_group_members k JOIN residents r ON r.id = k.resident_id JOIN households h ON h.id = r.household_id
              WHERE h.grid_code = l.code AND k.until IS NULL) AS has_members
    FROM leaves l
  )
  SELECT code, name, ST_X(label_point) AS lon, ST_Y(label_point) AS lat,
    floor(extract(epoch FROM now() - at) / 86400)::float8 AS value
  FROM last WHERE has_members AND (at IS NULL OR at < now() - interval '30 days')
  ORDER BY at NULLS FIRST, code`;

/** Homes (residential buildings and houses) in the area with no registered household. */
export const BUILDINGS_WITHOUT_HOUSEHOLD = `
  WITH ${LEAVES}
  SELECT l.code, b.name, ST_X(ST_PointOnSurface(b.geom)) AS lon, ST_Y(ST_PointOnSurface(b.geom)) AS lat, NULL::float8 AS value
  FROM buildings b JOIN LATERAL (SELECT l.code FROM leaves l WHERE ST_Intersects(l.geom, ST_PointOnSurface(b.geom)) LIMIT 1) l ON true
  WHERE b.kind IN ('residential', 'house') AND NOT EXISTS (SELECT 1 FROM households h WHERE h.building_id = b.id)
  ORDER BY l.code, b.id`;

/** Rental homes with no registered resident. */
export const RENTALS_WITHOUT_RESIDENTS = `
  SELECT g.code, b.name || ' ' || h.unit || '单元' AS name, ST_X(h.geom) AS lon, ST_Y(h.geom) AS lat, NULL::float8 AS value
  FROM households h JOIN grids g ON g.code = h.grid_code JOIN buildings b ON b.id = h.building_id
  WHERE h.tenure = 'rental' AND ${IN_AREA('g.path')} AND NOT EXISTS (SELECT 1 FROM residents r WHERE r.household_id = h.id)
  ORDER BY g.code, h.id`;
