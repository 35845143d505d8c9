-- Wakes the relays when outbox rows commit: one notification per writing statement (and PostgreSQL
-- folds identical ones of a transaction into one), delivered at commit, so a transaction writing
-- thousands of rows wakes each listener once. The payload is empty: listeners read the outbox by
-- sequence as they always did, so a lost notification costs only latency (the poll still runs).
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('gridline_outbox', '');
  RETURN NULL;
END $$;
CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();
