-- pg-schema-diff#280 for partitions (a helper's variation): the partitioned parent's columns retyped while a view and a
-- trigger's WHEN read them through a sub-partition (pg_depend links no partition column to its parent's)
CREATE TABLE base (k int, v int, amount numeric(10,2)) PARTITION BY LIST (k);
CREATE TABLE base1 PARTITION OF base FOR VALUES IN (1) PARTITION BY LIST (k);
CREATE TABLE base1a PARTITION OF base1 FOR VALUES IN (1);
CREATE VIEW p_amounts AS SELECT amount FROM base1a;
CREATE FUNCTION nop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER base1a_trg BEFORE UPDATE ON base1a FOR EACH ROW WHEN (OLD.v IS DISTINCT FROM NEW.v) EXECUTE FUNCTION nop();
