-- A loose member's function and operator created again (a parameter renamed, a new function under the operator):
-- the member is dropped with the family around them and added again, the class in the family and its index too.
CREATE FUNCTION cmp48(a int4, b int8) RETURNS int LANGUAGE sql IMMUTABLE
  AS $$ SELECT CASE WHEN a < b THEN -1 WHEN a > b THEN 1 ELSE 0 END $$;
CREATE FUNCTION lt48(a int4, b int8) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT a < b $$;
CREATE OPERATOR <<< (LEFTARG = int4, RIGHTARG = int8, FUNCTION = lt48);
CREATE OPERATOR FAMILY int_fam USING btree;
CREATE OPERATOR CLASS int4_fam_ops FOR TYPE int4 USING btree FAMILY int_fam AS
  OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >, FUNCTION 1 btint4cmp(int4, int4);
ALTER OPERATOR FAMILY int_fam USING btree ADD OPERATOR 1 <<< (int4, int8), FUNCTION 1 cmp48(int4, int8);
CREATE TABLE t (a int4);
CREATE INDEX t_a ON t (a int4_fam_ops);
