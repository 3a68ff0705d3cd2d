CREATE OPERATOR CLASS int4_own_ops FOR TYPE int4 USING btree AS
  OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >, FUNCTION 1 btint4cmp(int4, int4);
CREATE TABLE t (a int4);
CREATE INDEX t_a ON t (a int4_own_ops);
