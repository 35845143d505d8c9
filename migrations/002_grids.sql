-- The grid hierarchy. Levels are data so a county can be three levels deep and a city street five.
CREATE TABLE grid_levels (
  key text PRIMARY KEY CHECK (key ~ '^[a-z_]+$'),
  rank smallint NOT NULL UNIQUE CHECK (rank > 0),
  name_zh text NOT NULL,
  name_en text NOT NULL,
  -- false for levels whose cells are footprints (buildings) and so cannot tile their parent
  tiles_parent boolean NOT NULL DEFAULT true
);

CREATE TABLE staff (
  id integer PRIMARY KEY,
  name text NOT NULL,
  gender char(1) NOT NULL CHECK (gender IN ('M', 'F')),
  role text NOT NULL CHECK (role IN ('grid_leader', 'full_time', 'part_time')),
  active boolean NOT NULL DEFAULT true
);

CREATE TABLE grids (
  -- GB/T 2260 12-digit division code, extended by 3 digits per grid level below the community
  code text PRIMARY KEY CHECK (code ~ '^[0-9]{12}([0-9]{3})*$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  level text NOT NULL REFERENCES grid_levels (key),
  parent_code text REFERENCES grids (code),
  -- ancestor codes and its own, joined by '.', kept by a trigger; subtree = path LIKE prefix
  path text NOT NULL,
  geom geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom)),
  label_point geometry(Point, 4326) GENERATED ALWAYS AS (ST_PointOnSurface(geom)) STORED,
  area_m2 double precision GENERATED ALWAYS AS (ST_Area(geom::geography)) STORED,
  leader_staff_id integer REFERENCES staff (id),
  version integer NOT NULL DEFAULT 1 CHECK (version > 0),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX grids_geom_gix ON grids USING gist (geom);
CREATE INDEX grids_parent_idx ON grids (parent_code);
CREATE INDEX grids_level_idx ON grids (level);
CREATE INDEX grids_path_idx ON grids (path text_pattern_ops);

CREATE FUNCTION grids_set_path() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.parent_code IS NULL THEN
    NEW.path := NEW.code;
  ELSE
    SELECT p.path || '.' || NEW.code INTO NEW.path FROM grids p WHERE p.code = NEW.parent_code;
    IF NEW.path IS NULL THEN
      RAISE EXCEPTION 'parent grid % does not exist', NEW.parent_code USING ERRCODE = 'foreign_key_violation';
    END IF;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER grids_path BEFORE INSERT OR UPDATE OF parent_code ON grids
  FOR EACH ROW EXECUTE FUNCTION grids_set_path();

CREATE TABLE staff_assignments (
  staff_id integer NOT NULL REFERENCES staff (id),
  grid_code text NOT NULL REFERENCES grids (code),
  duty text NOT NULL CHECK (duty IN ('grid_leader', 'full_time', 'part_time')),
  since date NOT NULL DEFAULT current_date,
  PRIMARY KEY (staff_id, grid_code, duty)
);
CREATE INDEX staff_assignments_grid_idx ON staff_assignments (grid_code);
