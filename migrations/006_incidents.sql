-- Incidents (事件) and their closed loop: catalogue, time limits, the incident, its events,
-- the outbox that feeds live delivery, and idempotency keys for safe retries.
CREATE TABLE incident_categories (
  code text PRIMARY KEY CHECK (code ~ '^[a-z_]{2,40}$'),
  name_zh text NOT NULL,
  name_en text NOT NULL,
  default_colour text NOT NULL CHECK (default_colour IN ('red', 'orange', 'yellow', 'blue')),
  active boolean NOT NULL DEFAULT true
);
INSERT INTO incident_categories (code, name_zh, name_en, default_colour) VALUES
  ('emergency', '突发事件', 'Emergency', 'red'),
  ('hazard', '安全隐患', 'Safety hazard', 'orange'),
  ('public_order', '治安问题', 'Public order', 'orange'),
  ('epidemic', '疫情防控', 'Epidemic check', 'orange'),
  ('dispute', '矛盾纠纷', 'Dispute', 'yellow'),
  ('special_groups', '特殊人群帮扶', 'Help for special groups', 'yellow'),
  ('petition', '信访诉求', 'Petition', 'yellow'),
  ('environment', '环境卫生', 'Environment and sanitation', 'blue'),
  ('infrastructure', '设施损坏', 'Damaged facilities', 'blue'),
  ('service', '便民服务', 'Convenience service', 'blue');

-- Minutes allowed for each step by colour (分色治理, 限时办结). Red's arrive = 1 h and resolve = 3 h follow seed 000.
CREATE TABLE incident_time_limits (
  colour text NOT NULL CHECK (colour IN ('red', 'orange', 'yellow', 'blue')),
  step text NOT NULL CHECK (step IN ('accept', 'dispatch', 'arrive', 'resolve', 'verify', 'close')),
  minutes integer NOT NULL CHECK (minutes > 0),
  PRIMARY KEY (colour, step)
);
INSERT INTO incident_time_limits (colour, step, minutes) VALUES
  ('red', 'accept', 10), ('red', 'dispatch', 15), ('red', 'arrive', 60), ('red', 'resolve', 180), ('red', 'verify', 120), ('red', 'close', 60),
  ('orange', 'accept', 30), ('orange', 'dispatch', 60), ('orange', 'arrive', 240), ('orange', 'resolve', 1440), ('orange', 'verify', 480), ('orange', 'close', 240),
  ('yellow', 'accept', 120), ('yellow', 'dispatch', 240), ('yellow', 'arrive', 1440), ('yellow', 'resolve', 4320), ('yellow', 'verify', 1440), ('yellow', 'close', 1440),
  ('blue', 'accept', 480), ('blue', 'dispatch', 1440), ('blue', 'arrive', 4320), ('blue', 'resolve', 10080), ('blue', 'verify', 2880), ('blue', 'close', 2880);

CREATE TABLE incidents (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  category text NOT NULL REFERENCES incident_categories (code),
  colour text NOT NULL CHECK (colour IN ('red', 'orange', 'yellow', 'blue')),
  channel text NOT NULL CHECK (channel IN ('patrol', 'resident', 'hotline', 'department')),
  status text NOT NULL CHECK (status IN ('reported', 'accepted', 'dispatched', 'on_site', 'resolved', 'verified', 'closed', 'returned', 'escalated')),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
  geom geometry(Point, 4326) NOT NULL,
  -- base grid found by PostGIS; NULL means the county centre's unlocated queue
  grid_code text REFERENCES grids (code),
  located_by text NOT NULL CHECK (located_by IN ('contains', 'nearest', 'unlocated')),
  -- the cell now responsible: the base grid, or the level it was escalated to
  responsible_code text NOT NULL REFERENCES grids (code),
  handler_staff_id integer REFERENCES staff (id),
  reported_by integer REFERENCES users (id),
  step_deadline timestamptz,
  overdue boolean NOT NULL DEFAULT false,
  settled_level text,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX incidents_geom_gix ON incidents USING gist (geom);
CREATE INDEX incidents_responsible_idx ON incidents (responsible_code, status);
CREATE INDEX incidents_grid_idx ON incidents (grid_code);
CREATE INDEX incidents_deadline_idx ON incidents (step_deadline) WHERE status <> 'closed';

CREATE TABLE incident_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id bigint NOT NULL REFERENCES incidents (id),
  at timestamptz NOT NULL DEFAULT now(),
  actor_user_id integer,
  actor_name text NOT NULL,
  from_status text,
  to_status text NOT NULL,
  note text CHECK (note IS NULL OR length(note) <= 1000)
);
CREATE INDEX incident_events_incident_idx ON incident_events (incident_id, id);

-- Written in the same transaction as the change; the delivery relay reads it by sequence.
CREATE TABLE outbox (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  topic text NOT NULL,
  incident_id bigint REFERENCES incidents (id),
  -- paths of the responsible cell and of the base grid, so delivery reaches the rooms of both and their ancestors
  grid_path text NOT NULL,
  base_path text,
  payload jsonb NOT NULL
);
CREATE INDEX outbox_grid_path_idx ON outbox (grid_path text_pattern_ops);

-- Idempotency-Key (IETF draft): per caller, with the request's fingerprint and the stored answer.
CREATE TABLE idempotency_keys (
  user_key text PRIMARY KEY,
  fingerprint text NOT NULL,
  status_code integer,
  response jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
