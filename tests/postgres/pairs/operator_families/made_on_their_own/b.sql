-- A B-tree family over two types, as the documentation builds integer_ops: a class per type, the cross-type
-- operators and their comparison function loose in the family.
CREATE SCHEMA app;
CREATE OPERATOR FAMILY app.int_fam USING btree;
COMMENT ON OPERATOR FAMILY app.int_fam USING btree IS 'int4 and int8 compared across';
CREATE OPERATOR CLASS app.int4_fam_ops FOR TYPE int4 USING btree FAMILY app.int_fam AS
  OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >, FUNCTION 1 btint4cmp(int4, int4);
CREATE OPERATOR CLASS app.int8_fam_ops FOR TYPE int8 USING btree FAMILY app.int_fam AS
  OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >, FUNCTION 1 btint8cmp(int8, int8);
ALTER OPERATOR FAMILY app.int_fam USING btree ADD
  OPERATOR 1 < (int4, int8), OPERATOR 2 <= (int4, int8), OPERATOR 3 = (int4, int8),
  OPERATOR 4 >= (int4, int8), OPERATOR 5 > (int4, int8), FUNCTION 1 btint48cmp(int4, int8);
CREATE TABLE t (a int4, b int8);
CREATE INDEX t_a ON t (a app.int4_fam_ops);
CREATE INDEX t_b ON t (b app.int8_fam_ops);
