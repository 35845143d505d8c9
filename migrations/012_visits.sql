-- 四访: visits to key-group members. A visit records who went, when, where, what was found and
-- whether it needs follow-up (optionally the incident it raised). The next visit is due the
-- category's interval after the last one (or after joining the group, before any visit).
CREATE TABLE visits (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  member_id integer NOT NULL REFERENCES key_group_members (id),
  user_id integer REFERENCES users (id),
  visitor_name text NOT NULL,
  visited_at timestamptz NOT NULL DEFAULT now(),
  geom geometry(Point, 4326),
  found text NOT NULL CHECK (length(found) BETWEEN 1 AND 1000),
  follow_up boolean NOT NULL DEFAULT false,
  incident_id bigint REFERENCES incidents (id)
);
CREATE INDEX visits_member_idx ON visits (member_id, visited_at DESC);
