/**
 * SQL of the district loader. Rows arrive as one JSON array per batch ($1) so
 * a batch is one round trip on both backends; geometries arrive as GeoJSON.
 */
export const INSERT_LEVELS = `
  INSERT INTO grid_levels (key, rank, name_zh, name_en, tiles_parent)
  SELECT key, rank, "nameZh", "nameEn", "tilesParent"
  FROM json_to_recordset($1::json) AS x(key text, rank smallint, "nameZh" text, "nameEn" text, "tilesParent" boolean)`;

export const INSERT_STAFF = `
  INSERT INTO staff (id, name, gender, role)
  SELECT id, name, gender, role FROM json_to_recordset($1::json) AS x(id integer, name text, gender char(1), role text)`;

export const INSERT_BLOCKS = `
  INSERT INTO blocks (id, land_use, grid_code, geom)
  SELECT id, "landUse", "gridCode", ST_SetSRID(ST_GeomFromGeoJSON(geom), 4326)
  FROM json_to_recordset($1::json) AS x(id integer, "landUse" text, "gridCode" text, geom text)`;

/** Builds every cell's polygon bottom-up as the union of its blocks, so each level tiles its parent by construction. */
export const CREATE_CELL_GEOMETRY = `
  CREATE TEMP TABLE seed_cells ON COMMIT DROP AS
  SELECT code, name, level, "parentCode" AS parent_code, "leaderStaffId" AS leader_staff_id, depth, NULL::geometry AS geom
  FROM json_to_recordset($1::json) AS x(code text, name text, level text, "parentCode" text, "leaderStaffId" integer, depth integer)`;

export const UNION_LEAF_CELLS = `
  UPDATE seed_cells c SET geom = u.geom
  FROM (SELECT grid_code, ST_Multi(ST_Union(geom)) AS geom FROM blocks GROUP BY grid_code) u
  WHERE u.grid_code = c.code`;

export const UNION_PARENT_CELLS = `
  UPDATE seed_cells c SET geom = u.geom
  FROM (SELECT parent_code, ST_Multi(ST_Union(geom)) AS geom FROM seed_cells WHERE depth = $1 GROUP BY parent_code) u
  WHERE u.parent_code = c.code`;

export const INSERT_CELLS_AT_DEPTH = `
  INSERT INTO grids (code, name, level, parent_code, geom, leader_staff_id)
  SELECT code, name, level, parent_code, geom, leader_staff_id FROM seed_cells WHERE depth = $1 ORDER BY code`;

/** Every loaded cell's shape as its version 1 in the boundary history. */
export const INSERT_INITIAL_VERSIONS = `
  INSERT INTO grid_versions (code, version, name, level, parent_code, geom, valid_from, reason)
  SELECT code, version, name, level, parent_code, geom, updated_at, '初始数据 / initial data' FROM grids`;

export const INSERT_ASSIGNMENTS = `
  INSERT INTO staff_assignments (staff_id, grid_code, duty, since)
  SELECT "staffId", "gridCode", duty, DATE '2025-01-01'
  FROM json_to_recordset($1::json) AS x("staffId" integer, "gridCode" text, duty text)`;

export const INSERT_ROADS = `
  INSERT INTO roads (id, name, road_class, geom)
  SELECT id, name, "roadClass", ST_SetSRID(ST_GeomFromGeoJSON(geom), 4326)
  FROM json_to_recordset($1::json) AS x(id integer, name text, "roadClass" text, geom text)`;

/** Rivers arrive as centre lines; PostGIS buffers them (in metres, on the geography) into water polygons. */
export const INSERT_WATERWAYS = `
  INSERT INTO water (id, name, kind, geom)
  SELECT id, name, 'river', ST_Multi(ST_Buffer(ST_SetSRID(ST_GeomFromGeoJSON(geom), 4326)::geography, "widthM" / 2.0, 'endcap=flat')::geometry)
  FROM json_to_recordset($1::json) AS x(id integer, name text, "widthM" double precision, geom text)`;

export const INSERT_COMPOUNDS = `
  INSERT INTO compounds (id, block_id, name, geom)
  SELECT id, "blockId", name, ST_SetSRID(ST_GeomFromGeoJSON(geom), 4326)
  FROM json_to_recordset($1::json) AS x(id integer, "blockId" integer, name text, geom text)`;

export const INSERT_BUILDINGS = `
  INSERT INTO buildings (id, block_id, compound_id, name, kind, floors, units, geom)
  SELECT id, "blockId", "compoundId", name, kind, floors, units, ST_SetSRID(ST_GeomFromGeoJSON(geom), 4326)
  FROM json_to_recordset($1::json)
    AS x(id integer, "blockId" integer, "compoundId" integer, name text, kind text, floors smallint, units smallint, geom text)`;

/**
 * Households land in the base grid that contains them (PostGIS decides, not the generator).
 * A point on a shared edge goes to the lowest code; a point outside every grid fails the
 * NOT NULL constraint and so the whole load.
 */
export const INSERT_HOUSEHOLDS = `
  INSERT INTO households (id, building_id, grid_code, address, unit, floor, size, tenure, geom)
  SELECT x.id, x."buildingId", g.code, x.address, x.unit, x.floor, x.size, x.tenure, p.geom
  FROM json_to_recordset($1::json)
    AS x(id integer, "buildingId" integer, address text, unit smallint, floor smallint, size smallint, tenure text, lon float8, lat float8)
  CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_MakePoint(x.lon, x.lat), 4326) AS geom) p
  LEFT JOIN LATERAL (
    SELECT code FROM grids WHERE level = $2 AND ST_Intersects(grids.geom, p.geom) ORDER BY code LIMIT 1
  ) g ON true`;

export const INSERT_RESIDENTS = `
  INSERT INTO residents (id, household_id, gender, birth_date, name, id_number, phone, hukou)
  SELECT id, "householdId", gender, "birthDate"::date, name, "idNumber", phone, hukou
  FROM json_to_recordset($1::json)
    AS x(id integer, "householdId" integer, gender char(1), "birthDate" text, name text, "idNumber" text, phone text, hukou text)`;

export const INSERT_META = `
  INSERT INTO district_meta (seed, scale, bbox)
  SELECT $1, $2, ST_Envelope(ST_Extent(geom)::geometry) FROM grids WHERE parent_code IS NULL`;

export const COUNT_META = 'SELECT seed, scale FROM district_meta';

/** Tables the loader fills, children first, for a reset. */
export const TRUNCATE_DISTRICT = `
  TRUNCATE assessment_workers, assessment_cells, assessment_months, boundary_imports, grid_versions, change_set_cells, change_sets, register_imports, visits, key_group_members, api_keys, takeovers, emergency_milestones, incident_photos, incident_events, outbox, idempotency_keys, incidents, sessions, login_failures, wall_tours, wall_tokens, users, residents, households, buildings, compounds, water, roads,
    staff_assignments, blocks, grids, staff, grid_levels, district_meta`;

/**
 * A plausible last visit for most members: within their category's interval for about 85 %,
 * overdue for the rest (deterministic: the member id decides, not random()).
 */
export const INSERT_LAST_VISITS = `
  INSERT INTO visits (member_id, visitor_name, visited_at, geom, found)
  SELECT m.id, coalesce(s.name, '网格员'),
    now() - make_interval(secs => c.visit_every_days * 86400 * (0.05 + 1.25 * ((abs(hashtext(m.id::text)) % 1000) / 1000.0))),
    h.geom, '走访正常，无异常情况'
  FROM key_group_members m
  JOIN key_group_categories c ON c.code = m.category
  JOIN residents r ON r.id = m.resident_id
  JOIN households h ON h.id = r.household_id
  LEFT JOIN staff s ON s.id = m.responsible_staff_id
  WHERE m.until IS NULL`;

/** Fresh planner statistics after a load. */
export const ANALYZE = 'ANALYZE';
