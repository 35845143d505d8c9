-- Households and residents: only what counts need for now; the registers issue adds personal fields.
CREATE TABLE households (
  id integer PRIMARY KEY,
  building_id integer NOT NULL REFERENCES buildings (id),
  -- base grid, assigned spatially (ST_Contains on the leaf level) when loaded
  grid_code text NOT NULL REFERENCES grids (code),
  address text NOT NULL,
  unit smallint NOT NULL,
  floor smallint NOT NULL,
  size smallint NOT NULL CHECK (size > 0),
  geom geometry(Point, 4326) NOT NULL
);
CREATE INDEX households_grid_idx ON households (grid_code);
CREATE INDEX households_building_idx ON households (building_id);
CREATE INDEX households_geom_gix ON households USING gist (geom);

CREATE TABLE residents (
  id integer PRIMARY KEY,
  household_id integer NOT NULL REFERENCES households (id),
  gender char(1) NOT NULL CHECK (gender IN ('M', 'F')),
  birth_date date NOT NULL
);
CREATE INDEX residents_household_idx ON residents (household_id);

-- What was loaded, so a restart knows the database is seeded and with what.
CREATE TABLE district_meta (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  seed text NOT NULL,
  scale text NOT NULL,
  loaded_at timestamptz NOT NULL DEFAULT now(),
  bbox geometry(Polygon, 4326) NOT NULL
);
