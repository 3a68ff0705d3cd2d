-- p1 moves to other bounds while its parent gains a column, loses one, retypes one, changes a check and an index:
-- each reaches p1 while it is attached, and ATTACH takes it back.
CREATE TABLE t (id int, note varchar(20), extra int, CONSTRAINT small CHECK (id < 50), CONSTRAINT kept CHECK (id > 0))
  PARTITION BY RANGE (id);
CREATE TABLE p1 PARTITION OF t FOR VALUES FROM (1) TO (4);
CREATE TABLE p2 PARTITION OF t FOR VALUES FROM (5) TO (10);
CREATE INDEX t_note ON t (note, extra);
