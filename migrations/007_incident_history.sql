-- What the response-time heat maps and KPIs read: when an incident was first on site and when it
-- closed (kept on the row so a year of history is one scan, not a join over its events), whether it
-- ever missed a step deadline (for the on-time rate), and photos taken at intake.
ALTER TABLE incidents
  ADD COLUMN on_site_at timestamptz,
  ADD COLUMN closed_at timestamptz,
  ADD COLUMN late boolean NOT NULL DEFAULT false;

UPDATE incidents i SET
  on_site_at = (SELECT min(e.at) FROM incident_events e WHERE e.incident_id = i.id AND e.to_status = 'on_site'),
  closed_at = (SELECT max(e.at) FROM incident_events e WHERE e.incident_id = i.id AND e.to_status = 'closed'),
  late = EXISTS (SELECT 1 FROM incident_events e WHERE e.incident_id = i.id AND e.to_status = 'escalated' AND e.actor_user_id IS NULL)
    OR i.overdue;

CREATE INDEX incidents_created_idx ON incidents (created_at);
CREATE INDEX incidents_open_idx ON incidents (overdue) WHERE status <> 'closed';

-- Photos live in the database: one backup, one transaction with the incident, and no path on disk an
-- upload could choose. The type is what the bytes say (magic numbers), never what the client claimed.
CREATE TABLE incident_photos (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id bigint NOT NULL REFERENCES incidents (id),
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
  size integer NOT NULL CHECK (size BETWEEN 1 AND 5242880),
  sha256 text NOT NULL,
  bytes bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX incident_photos_incident_idx ON incident_photos (incident_id, id);
