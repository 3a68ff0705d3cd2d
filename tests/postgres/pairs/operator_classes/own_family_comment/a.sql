-- The comment of a class's own family, set in place next to the class's own: the index using it stays.
CREATE OPERATOR CLASS h_ops FOR TYPE int4 USING hash AS OPERATOR 1 =, FUNCTION 1 hashint4(int4);
COMMENT ON OPERATOR FAMILY h_ops USING hash IS 'before';
CREATE TABLE t (a int);
CREATE INDEX t_a ON t USING hash (a h_ops);
