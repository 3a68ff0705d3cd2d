-- A family made on its own, one holding a class of another name: not declarable, reported and left alone.
CREATE OPERATOR FAMILY fam USING btree;
CREATE OPERATOR CLASS c1 FOR TYPE int4 USING btree FAMILY fam AS OPERATOR 1 <, OPERATOR 3 =, OPERATOR 5 >, FUNCTION 1 btint4cmp(int4, int4);
CREATE OPERATOR FAMILY lonely USING hash;
CREATE TABLE t (a int);
