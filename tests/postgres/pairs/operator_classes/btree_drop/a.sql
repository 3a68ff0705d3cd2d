-- The class goes with its own family (DROP OPERATOR FAMILY), after the index that used it, before its function.
CREATE FUNCTION my_cmp(int4, int4) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN $1 < $2 THEN -1 WHEN $1 > $2 THEN 1 ELSE 0 END $$;
CREATE OPERATOR CLASS my_int_ops FOR TYPE int4 USING btree AS
  OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >, FUNCTION 1 my_cmp(int4, int4);
CREATE TABLE t (a int);
CREATE INDEX t_a ON t (a my_int_ops);
