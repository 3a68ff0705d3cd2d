-- p1 gives up a value to a new partition: it is detached before p2 is created, and its copy of the changed check
-- is replaced before it is attached again.
CREATE TABLE t (id int, note text, CONSTRAINT small CHECK (id < 50), CONSTRAINT kept CHECK (id > 0))
  PARTITION BY LIST (id);
CREATE TABLE p1 PARTITION OF t FOR VALUES IN (1);
CREATE TABLE p2 PARTITION OF t FOR VALUES IN (2);
