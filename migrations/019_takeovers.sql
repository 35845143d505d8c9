-- Emergency takeovers of the wall (issue 16): a red incident, or an escalation to a cell's level,
-- takes over the walls of that cell until a commander acknowledges it. One row per incident and
-- wall area, so each command centre acknowledges its own wall; rows are never deleted (the
-- acknowledgement is the record of who saw it and when).
CREATE TABLE takeovers (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id bigint NOT NULL REFERENCES incidents (id),
  area_code text NOT NULL REFERENCES grids (code),
  reason text NOT NULL CHECK (reason IN ('red', 'escalated')),
  raised_at timestamptz NOT NULL DEFAULT now(),
  acknowledged_at timestamptz,
  acknowledged_by integer REFERENCES users (id),
  acknowledged_name text,
  version integer NOT NULL DEFAULT 1,
  UNIQUE (incident_id, area_code),
  CHECK ((acknowledged_at IS NULL) = (acknowledged_name IS NULL))
);
CREATE INDEX takeovers_open_idx ON takeovers (area_code) WHERE acknowledged_at IS NULL;

-- The emergency targets of the seeds (000): a team on site within 1 hour, the people involved
-- identified within 2, transfer done within 3. On site is the lifecycle's own step; the other two
-- are marked by the centre.
CREATE TABLE emergency_milestones (
  incident_id bigint NOT NULL REFERENCES incidents (id),
  milestone text NOT NULL CHECK (milestone IN ('inform', 'transfer')),
  at timestamptz NOT NULL DEFAULT now(),
  actor_user_id integer REFERENCES users (id),
  actor_name text NOT NULL,
  PRIMARY KEY (incident_id, milestone)
);

INSERT INTO settings (key, value) VALUES ('emergency_limits', '{"arrive": 60, "inform": 120, "transfer": 180}');
