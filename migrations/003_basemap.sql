-- Base-map features generated for (or imported into) the district; the map is built only from these.
CREATE TABLE blocks (
  id integer PRIMARY KEY,
  land_use text NOT NULL CHECK (land_use IN ('residential', 'public', 'commercial', 'park', 'industrial', 'village', 'farmland')),
  -- the base grid the block belongs to; deferred so a seed can load blocks before it builds grids from them
  grid_code text NOT NULL REFERENCES grids (code) DEFERRABLE INITIALLY DEFERRED,
  geom geometry(Polygon, 4326) NOT NULL CHECK (ST_IsValid(geom))
);
CREATE INDEX blocks_geom_gix ON blocks USING gist (geom);
CREATE INDEX blocks_grid_idx ON blocks (grid_code);

CREATE TABLE roads (
  id integer PRIMARY KEY,
  name text,
  road_class text NOT NULL CHECK (road_class IN ('arterial', 'secondary', 'local', 'lane')),
  geom geometry(LineString, 4326) NOT NULL
);
CREATE INDEX roads_geom_gix ON roads USING gist (geom);

CREATE TABLE water (
  id integer PRIMARY KEY,
  name text,
  kind text NOT NULL CHECK (kind IN ('river', 'lake', 'pond')),
  geom geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(geom))
);
CREATE INDEX water_geom_gix ON water USING gist (geom);

CREATE TABLE compounds (
  id integer PRIMARY KEY,
  block_id integer NOT NULL REFERENCES blocks (id),
  name text NOT NULL,
  geom geometry(Polygon, 4326) NOT NULL CHECK (ST_IsValid(geom))
);
CREATE INDEX compounds_geom_gix ON compounds USING gist (geom);

CREATE TABLE buildings (
  id integer PRIMARY KEY,
  block_id integer NOT NULL REFERENCES blocks (id),
  compound_id integer REFERENCES compounds (id),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('residential', 'house', 'public', 'commercial', 'industrial')),
  floors smallint NOT NULL CHECK (floors > 0),
  units smallint NOT NULL CHECK (units > 0),
  geom geometry(Polygon, 4326) NOT NULL CHECK (ST_IsValid(geom))
);
CREATE INDEX buildings_geom_gix ON buildings USING gist (geom);
CREATE INDEX buildings_block_idx ON buildings (block_id);
