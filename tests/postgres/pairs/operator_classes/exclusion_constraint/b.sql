CREATE OPERATOR CLASS int_h FOR TYPE int4 USING hash AS OPERATOR 1 =, FUNCTION 1 hashint4(int4);
CREATE TABLE r (id int, c int, EXCLUDE USING hash (c int_h WITH =));
