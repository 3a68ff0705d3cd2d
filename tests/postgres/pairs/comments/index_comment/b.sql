CREATE TABLE t (a int, b int); CREATE INDEX t_a ON t (a); COMMENT ON INDEX t_a IS 'by a'; CREATE INDEX t_b ON t (b);
