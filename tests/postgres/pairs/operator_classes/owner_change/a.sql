-- An owner of its own on a class; its family follows it (pg_dump shows both owners).
CREATE OPERATOR CLASS h_ops FOR TYPE int4 USING hash AS OPERATOR 1 =, FUNCTION 1 hashint4(int4);
CREATE TABLE t (a int);
