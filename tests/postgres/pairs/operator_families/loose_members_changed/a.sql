CREATE OPERATOR FAMILY int_fam USING btree;
CREATE OPERATOR CLASS int4_fam_ops FOR TYPE int4 USING btree FAMILY int_fam AS
  OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >, FUNCTION 1 btint4cmp(int4, int4);
ALTER OPERATOR FAMILY int_fam USING btree ADD
  OPERATOR 1 < (int4, int8), OPERATOR 3 = (int4, int8), FUNCTION 1 btint48cmp(int4, int8);
CREATE TABLE t (a int4);
CREATE INDEX t_a ON t (a int4_fam_ops);
INSERT INTO t VALUES (1), (2);
