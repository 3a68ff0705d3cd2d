CREATE OPERATOR FAMILY int_fam USING btree;
CREATE OPERATOR CLASS int4_fam_ops FOR TYPE int4 USING btree FAMILY int_fam AS
  OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >, FUNCTION 1 btint4cmp(int4, int4);
ALTER OPERATOR FAMILY int_fam USING btree OWNER TO opfamily_owner;
ALTER OPERATOR CLASS int4_fam_ops USING btree OWNER TO opfamily_class_owner;
CREATE TABLE t (a int);
