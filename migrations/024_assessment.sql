-- Monthly assessment (月考核, issue 17). A month that has ended is frozen: its figures for every
-- cell of every level and every worker, computed on the boundaries in force during the month, are
-- written once for the whole district and never change, even when a later publish moves
-- households and incidents.
CREATE TABLE assessment_months (
  month date PRIMARY KEY CHECK (extract(day FROM month) = 1),
  frozen_at timestamptz NOT NULL DEFAULT now(),
  -- the weights the scores were computed with
  weights jsonb NOT NULL
);

CREATE TABLE assessment_cells (
  month date NOT NULL REFERENCES assessment_months (month),
  level text NOT NULL REFERENCES grid_levels (key),
  code text NOT NULL,
  name text NOT NULL,
  parent_code text,
  -- the indicators, the score and the cell's versions during the month
  figures jsonb NOT NULL,
  PRIMARY KEY (month, level, code)
);

CREATE TABLE assessment_workers (
  month date NOT NULL REFERENCES assessment_months (month),
  staff_id integer NOT NULL REFERENCES staff (id),
  figures jsonb NOT NULL,
  PRIMARY KEY (month, staff_id)
);

-- Incidents are placed in the cell version that held their point when they were reported.
CREATE INDEX grid_versions_geom_gix ON grid_versions USING gist (geom);

INSERT INTO settings (key, value) VALUES
  ('assessment_weights', '{"closure": 0.2, "onTime": 0.25, "arrival": 0.15, "settledLow": 0.1, "visits": 0.15, "workload": 0.05, "repeats": 0.1}');
