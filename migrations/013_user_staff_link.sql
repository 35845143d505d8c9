-- An account may belong to a member of staff (网格员), so "the responsible worker" of a key-group
-- member is someone who signs in: that account sees the watch-list people it is responsible for,
-- which other workers do not (issue 5's permissions). One account per staff member.
ALTER TABLE users
  ADD COLUMN staff_id integer REFERENCES staff (id);
CREATE UNIQUE INDEX users_staff_key ON users (staff_id) WHERE staff_id IS NOT NULL;
