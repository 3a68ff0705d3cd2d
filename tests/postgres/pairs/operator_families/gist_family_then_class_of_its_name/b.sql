-- As pg_dump-like tools write a GiST class: its family first with the loose members (an ordering operator among
-- them), then the class of the family's name, which joins it; with btree_gist's support functions.
CREATE EXTENSION btree_gist;
CREATE OPERATOR FAMILY my_gist_int4_ops USING gist;
ALTER OPERATOR FAMILY my_gist_int4_ops USING gist ADD
  OPERATOR 6 <>(integer,integer),
  OPERATOR 15 public.<->(integer, integer) FOR ORDER BY integer_ops,
  FUNCTION 8(integer, integer) public.gbt_int4_distance(internal, integer, smallint, oid, internal),
  FUNCTION 9(integer, integer) public.gbt_int4_fetch(internal);
CREATE OPERATOR CLASS my_gist_int4_ops FOR TYPE integer USING gist AS STORAGE gbtreekey8,
  OPERATOR 1 <(integer,integer), OPERATOR 2 <=(integer,integer), OPERATOR 3 =(integer,integer),
  OPERATOR 4 >=(integer,integer), OPERATOR 5 >(integer,integer),
  FUNCTION 1(integer, integer) public.gbt_int4_consistent(internal, integer, smallint, oid, internal),
  FUNCTION 2(integer, integer) public.gbt_int4_union(internal, internal),
  FUNCTION 3(integer, integer) public.gbt_int4_compress(internal),
  FUNCTION 4(integer, integer) public.gbt_decompress(internal),
  FUNCTION 5(integer, integer) public.gbt_int4_penalty(internal, internal, internal),
  FUNCTION 6(integer, integer) public.gbt_int4_picksplit(internal, internal),
  FUNCTION 7(integer, integer) public.gbt_int4_same(gbtreekey8, gbtreekey8, internal);
COMMENT ON OPERATOR FAMILY my_gist_int4_ops USING gist IS 'the class''s own';
CREATE TABLE t (a int4);
CREATE INDEX t_a ON t USING gist (a my_gist_int4_ops);
