-- Boundary files uploaded for import (GeoJSON, zipped Shapefile, KML), kept between the preview and
-- the draft they become. Shapes only, nothing personal; dropped after a day like register uploads.
CREATE TABLE boundary_imports (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users (id),
  area_code text NOT NULL REFERENCES grids (code) ON UPDATE CASCADE,
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
  format text NOT NULL CHECK (format IN ('geojson', 'shapefile', 'kml')),
  bytes bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- the draft the file became
  change_set_id integer REFERENCES change_sets (id)
);
CREATE INDEX boundary_imports_user_idx ON boundary_imports (user_id, created_at DESC);

-- The workload standard a grid is measured against (households per grid worker): above it, the
-- editor offers to split the cell. DOMAIN.md: counties set it, commonly 300 households.
INSERT INTO settings (key, value) VALUES ('households_per_worker', '300');
