-- pg_dump's own test: ALTER INDEX ... ALTER COLUMN n SET STATISTICS (expression columns only)
CREATE TABLE t (a int, b text);
CREATE INDEX t_expr ON t ((a + 1), lower(b));
