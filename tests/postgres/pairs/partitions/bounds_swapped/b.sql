-- Two partitions trade bounds: both are detached before either is attached again.
CREATE TABLE t (id int, note text, CONSTRAINT small CHECK (id < 100)) PARTITION BY RANGE (id);
CREATE TABLE p1 PARTITION OF t FOR VALUES FROM (5) TO (10);
CREATE TABLE p2 PARTITION OF t FOR VALUES FROM (1) TO (5);
CREATE INDEX t_note ON t (note);
