-- Names this database's history of events. A restore brings back a backup's outbox, whose numbers
-- are lower than those walls have already seen, and a wall resuming from its own number would skip
-- every event until the numbering passed it. A restore therefore draws a new epoch, and a client
-- that sees the epoch change reloads instead of resuming.
CREATE TABLE database_epoch (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  epoch uuid NOT NULL DEFAULT gen_random_uuid()
);
INSERT INTO database_epoch DEFAULT VALUES;
