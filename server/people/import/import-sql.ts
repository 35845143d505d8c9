/** SQL of register imports, as named constants with `$n` parameters only; $1 is the importer's area path where it appears. */

const IN_AREA = `(g.path = $1 OR g.path LIKE $1 || '.%')`;

/** Keeps an uploaded file for the next steps. */
export const INSERT_IMPORT = `
  INSERT INTO register_imports (user_id, area_code, file_name, format, bytes, row_count, headers)
  VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
  RETURNING id, created_at AS "createdAt"`;

/** Drops uploads never committed after a day (they hold personal data). */
export const PURGE_STALE_IMPORTS = `DELETE FROM register_imports WHERE committed_at IS NULL AND created_at < now() - interval '1 day'`;

/** An upload of this user ($2), not yet committed: its bytes and format. $1 id. */
export const SELECT_IMPORT = `
  SELECT id, file_name AS "fileName", format, bytes, row_count AS "rowCount", headers
  FROM register_imports WHERE id = $1 AND user_id = $2 AND committed_at IS NULL`;

/** Marks an upload committed, keeps what it did and empties the file. */
export const MARK_COMMITTED = `
  UPDATE register_imports SET committed_at = now(), result = $2::jsonb, bytes = ''::bytea WHERE id = $1`;

/** The key-group catalogue's names (code, Chinese and English), for reading the key-group column. */
export const CATEGORY_NAMES = `SELECT code, name_zh AS "nameZh", name_en AS "nameEn" FROM key_group_categories WHERE active`;

/** Buildings inside the area, by name, to resolve addresses (the name begins the address). */
export const AREA_BUILDINGS = `
  SELECT b.id, b.name FROM buildings b JOIN blocks k ON k.id = b.block_id JOIN grids g ON g.code = k.grid_code WHERE ${IN_AREA}`;

/** Where each given building's households stand (a point on its footprint) and the leaf cell there. $1 building ids. */
export const BUILDING_POINTS = `
  SELECT b.id, ST_X(pt.p) AS lon, ST_Y(pt.p) AS lat, leaf_cell_of(pt.p) AS cell
  FROM buildings b CROSS JOIN LATERAL (SELECT ST_PointOnSurface(b.geom) AS p) pt
  WHERE b.id = ANY($1::int[])`;

/**
 * For each point ($2 longitudes, $3 latitudes): the leaf cell it lies in, whether that cell is in
 * the area ($1), and the nearest building within about 50 m (0.0005°).
 */
export const LOCATE_POINTS = `
  SELECT x.i::int AS i, c.code AS cell, (c.path = $1 OR c.path LIKE $1 || '.%') AS "inArea", b.id AS "buildingId"
  FROM unnest($2::float8[], $3::float8[]) WITH ORDINALITY AS x(lon, lat, i)
  CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_MakePoint(x.lon, x.lat), 4326) AS p) pt
  LEFT JOIN grids c ON c.code = leaf_cell_of(pt.p)
  LEFT JOIN LATERAL (
    SELECT b.id FROM buildings b WHERE ST_DWithin(b.geom, pt.p, 0.0005) ORDER BY b.geom <-> pt.p LIMIT 1
  ) b ON true`;

/** Whether a cell ($2) is inside the area ($1), for cells found through buildings. */
export const CELLS_IN_AREA = `SELECT g.code FROM grids g WHERE g.code = ANY($2::text[]) AND ${IN_AREA}`;

/** Households already registered at these addresses ($1), to add people to them rather than duplicate them. */
export const HOUSEHOLDS_AT = `SELECT id, building_id AS "buildingId", address, grid_code AS "gridCode" FROM households WHERE address = ANY($1::text[])`;

/** Residents already registered under these ID numbers ($1), with their household. */
export const RESIDENTS_WITH_IDS = `SELECT id, id_number AS "idNumber", household_id AS "householdId" FROM residents WHERE id_number = ANY($1::text[])`;

/** Current memberships of these residents ($1), to skip those already recorded. */
export const CURRENT_MEMBERSHIPS = `SELECT resident_id AS "residentId", category FROM key_group_members WHERE until IS NULL AND resident_id = ANY($1::int[])`;

/** Writers wait while an import numbers and writes its rows; readers do not. */
export const LOCK_REGISTERS = 'LOCK TABLE households, residents IN SHARE ROW EXCLUSIVE MODE';

export const NEXT_IDS = `SELECT coalesce((SELECT max(id) FROM households), 0) AS households, coalesce((SELECT max(id) FROM residents), 0) AS residents`;

/** New households from a JSON array. */
export const INSERT_HOUSEHOLDS = `
  INSERT INTO households (id, building_id, grid_code, address, unit, floor, size, geom, tenure, import_id)
  SELECT x.id, x."buildingId", x."gridCode", x.address, x.unit, x.floor, x.size, ST_SetSRID(ST_MakePoint(x.lon, x.lat), 4326), x.tenure, $2
  FROM json_to_recordset($1::json) AS x(id integer, "buildingId" integer, "gridCode" text, address text, unit smallint, floor smallint,
    size smallint, lon float8, lat float8, tenure text)`;

/** Existing households that gained people: their size grows by that many. $1 JSON [{id, added}]. */
export const GROW_HOUSEHOLDS = `
  UPDATE households h SET size = h.size + x.added
  FROM json_to_recordset($1::json) AS x(id integer, added integer) WHERE h.id = x.id`;

/** New residents from a JSON array; $2 the import that writes them. */
export const INSERT_RESIDENTS = `
  INSERT INTO residents (id, household_id, gender, birth_date, name, id_number, phone, hukou, import_id)
  SELECT x.id, x."householdId", x.gender, x."birthDate"::date, x.name, x."idNumber", x.phone, x.hukou, $2
  FROM json_to_recordset($1::json) AS x(id integer, "householdId" integer, gender char(1), "birthDate" text, name text, "idNumber" text,
    phone text, hukou text)`;

/** Residents already registered in the same household: name, phone and hukou as the file says. */
export const UPDATE_RESIDENTS = `
  UPDATE residents r SET name = x.name, phone = x.phone, hukou = x.hukou
  FROM json_to_recordset($1::json) AS x(id integer, name text, phone text, hukou text) WHERE r.id = x.id`;

/** New memberships, each with the full-time worker of the household's cell as the responsible worker. */
export const INSERT_MEMBERSHIPS = `
  INSERT INTO key_group_members (resident_id, category, since, responsible_staff_id)
  SELECT x."residentId", x.category, x.since::date, w.staff_id
  FROM json_to_recordset($1::json) AS x("residentId" integer, category text, since text)
  JOIN residents r ON r.id = x."residentId"
  JOIN households h ON h.id = r.household_id
  LEFT JOIN LATERAL (
    SELECT a.staff_id FROM staff_assignments a WHERE a.grid_code = h.grid_code AND a.duty = 'full_time' ORDER BY a.staff_id LIMIT 1
  ) w ON true`;
