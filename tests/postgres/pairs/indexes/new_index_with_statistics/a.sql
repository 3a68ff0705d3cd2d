CREATE TABLE t (a int, b text);
INSERT INTO t SELECT g, g::text FROM generate_series(1,100) g;
