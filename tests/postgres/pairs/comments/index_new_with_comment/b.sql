CREATE TABLE t (a int, b int); CREATE UNIQUE INDEX t_ab ON t (a, b) WHERE a > 0; COMMENT ON INDEX t_ab IS 'partial';
