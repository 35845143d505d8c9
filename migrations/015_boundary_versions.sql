-- Boundary editing: every shape a cell has had (a version per publish), and the drafts operators
-- build before publishing. A cell's `grids.version` is its current version and its ETag.

-- One row per version of a cell: the shape and names in force from `valid_from` until `valid_to`
-- (null while current), so past incidents and monthly figures can use the boundary of their time.
CREATE TABLE grid_versions (
  code text NOT NULL,
  version integer NOT NULL CHECK (version > 0),
  name text NOT NULL,
  level text NOT NULL REFERENCES grid_levels (key),
  parent_code text,
  geom geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom)),
  -- figures at publish time (households, residents, area), for the history view
  figures jsonb NOT NULL DEFAULT '{}',
  valid_from timestamptz NOT NULL DEFAULT now(),
  valid_to timestamptz,
  -- null for the shapes loaded with the district
  change_set_id integer,
  author_id integer REFERENCES users (id),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  -- a deleted cell's last row: its area went to its siblings
  deleted boolean NOT NULL DEFAULT false,
  PRIMARY KEY (code, version)
);
CREATE INDEX grid_versions_parent_idx ON grid_versions (parent_code, valid_from);

-- A draft of one or more cells' new shapes, published (or discarded) as one.
CREATE TABLE change_sets (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- the operator's area when the draft was opened: every cell in it lies under this code
  area_code text NOT NULL REFERENCES grids (code) ON UPDATE CASCADE,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'discarded')),
  created_by integer NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  published_by integer REFERENCES users (id),
  published_at timestamptz,
  reason text CHECK (length(reason) BETWEEN 1 AND 500),
  -- set when the publisher accepted the gaps the change leaves, with why
  gaps_accepted text CHECK (length(gaps_accepted) BETWEEN 1 AND 500),
  -- what the publish moved, kept for the history view
  impact jsonb
);
CREATE INDEX change_sets_area_idx ON change_sets (area_code, status, updated_at DESC);

ALTER TABLE grid_versions ADD FOREIGN KEY (change_set_id) REFERENCES change_sets (id);

-- The cells a draft changes: a new shape for an existing cell (base_version is the version it was
-- drawn on, checked at publish), a new cell (base_version null), or a deletion (geom null).
CREATE TABLE change_set_cells (
  change_set_id integer NOT NULL REFERENCES change_sets (id) ON DELETE CASCADE,
  code text NOT NULL CHECK (code ~ '^[0-9]{12}([0-9]{3})*$'),
  action text NOT NULL CHECK (action IN ('create', 'update', 'delete')),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  level text NOT NULL REFERENCES grid_levels (key),
  parent_code text NOT NULL,
  base_version integer,
  geom geometry(MultiPolygon, 4326) CHECK (geom IS NULL OR (ST_IsValid(geom) AND NOT ST_IsEmpty(geom))),
  PRIMARY KEY (change_set_id, code),
  CHECK ((action = 'delete') = (geom IS NULL)),
  CHECK ((action = 'create') = (base_version IS NULL))
);

-- The district as loaded is everyone's version 1.
INSERT INTO grid_versions (code, version, name, level, parent_code, geom, valid_from, reason)
SELECT code, version, name, level, parent_code, geom, updated_at, '初始数据 / initial data' FROM grids;
