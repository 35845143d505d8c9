-- The one function that says which leaf cell (the finest level that tiles its parent) a point lies
-- in: imports use it to place a household, and the boundary editor re-assigns with it when cells
-- change. A point on a shared border goes to the lower code, so the answer is always one cell.
CREATE FUNCTION leaf_cell_of(p geometry) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT g.code FROM grids g
  WHERE g.level = (SELECT key FROM grid_levels WHERE tiles_parent ORDER BY rank DESC LIMIT 1)
    AND ST_Intersects(g.geom, p)
  ORDER BY g.code LIMIT 1
$$;

-- Spreadsheets uploaded for import, kept between the mapping, checking and commit steps. The file
-- holds personal data: it is emptied when committed and dropped after a day if never committed.
CREATE TABLE register_imports (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users (id),
  area_code text NOT NULL REFERENCES grids (code) ON UPDATE CASCADE,
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
  format text NOT NULL CHECK (format IN ('csv', 'xlsx')),
  bytes bytea NOT NULL,
  row_count integer NOT NULL CHECK (row_count >= 0),
  headers jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  committed_at timestamptz,
  result jsonb
);
CREATE INDEX register_imports_user_idx ON register_imports (user_id, created_at DESC);

-- Where a household or resident came from: null for the district's own registers, else the import
-- that wrote it, so an importer can be asked about a record and an import traced row by row.
ALTER TABLE households ADD COLUMN import_id integer REFERENCES register_imports (id);
ALTER TABLE residents ADD COLUMN import_id integer REFERENCES register_imports (id);
