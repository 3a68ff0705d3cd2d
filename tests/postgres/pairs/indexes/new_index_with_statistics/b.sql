CREATE TABLE t (a int, b text);
INSERT INTO t SELECT g, g::text FROM generate_series(1,100) g;
CREATE INDEX t_expr ON t (lower(b));
ALTER INDEX t_expr ALTER COLUMN 1 SET STATISTICS 300;
