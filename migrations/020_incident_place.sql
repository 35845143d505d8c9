-- Where an incident is, in words a dispatcher reads (issue 16): the compound it lies in, else the
-- nearest named road within 300 m, found once from our own base map when the case is filed.
-- 'none' means looked for and not found; NULL (cases filed before this migration) is filled at the
-- next start (FILL_MISSING_PLACES).
ALTER TABLE incidents
  ADD COLUMN place_kind text CHECK (place_kind IN ('compound', 'road', 'none')),
  ADD COLUMN place_name text CHECK ((place_kind IN ('compound', 'road')) = (place_name IS NOT NULL));

-- Whom a step sent the case to: the handler a dispatch named (the timeline says "派单 → 张三").
ALTER TABLE incident_events ADD COLUMN handler_staff_id integer REFERENCES staff (id);
