CREATE TABLE t (a int, b text);
CREATE INDEX t_expr ON t ((a + 1), lower(b));
ALTER INDEX t_expr ALTER COLUMN 2 SET STATISTICS 1000;
COMMENT ON INDEX t_expr IS 'new';
