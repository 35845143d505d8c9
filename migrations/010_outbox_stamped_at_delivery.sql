-- Sequence numbers are given when a change becomes visible, not when its row is written. An
-- identity drawn at INSERT follows start order, but transactions commit in any order: a relay that
-- had passed seq 101 would never see 100 commit after it. Rows are now written with seq NULL and
-- the relay stamps the visible ones, under one lock, in id order, so seq always follows visibility.
ALTER TABLE outbox ALTER COLUMN seq DROP IDENTITY IF EXISTS;
ALTER TABLE outbox DROP CONSTRAINT outbox_pkey;
ALTER TABLE outbox ALTER COLUMN seq DROP NOT NULL;
ALTER TABLE outbox ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY;
ALTER TABLE outbox ADD PRIMARY KEY (id);
CREATE UNIQUE INDEX outbox_seq_key ON outbox (seq);
CREATE INDEX outbox_pending_idx ON outbox (id) WHERE seq IS NULL;
