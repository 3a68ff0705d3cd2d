CREATE TABLE t (a int, b int); CREATE INDEX t_a ON t (a); CREATE INDEX t_b ON t (b); COMMENT ON INDEX t_b IS 'old';
