-- A family made on its own holding a class of another name, and an empty one: declared, and kept as they are.
CREATE OPERATOR FAMILY fam USING btree;
CREATE OPERATOR CLASS c1 FOR TYPE int4 USING btree FAMILY fam AS OPERATOR 1 <, OPERATOR 3 =, OPERATOR 5 >, FUNCTION 1 btint4cmp(int4, int4);
CREATE OPERATOR FAMILY lonely USING hash;
CREATE TABLE t (a int);
