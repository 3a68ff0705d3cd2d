CREATE TABLE t (a int, b int); CREATE INDEX t_i ON t (a, b); COMMENT ON INDEX t_i IS 'x';
