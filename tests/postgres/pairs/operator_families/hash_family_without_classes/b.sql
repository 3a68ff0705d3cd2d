-- A family with no class, members loose only; and one empty, as CREATE OPERATOR FAMILY leaves it.
CREATE OPERATOR FAMILY int_hash USING hash;
ALTER OPERATOR FAMILY int_hash USING hash ADD OPERATOR 1 = (int4, int4), FUNCTION 1 hashint4(int4);
CREATE OPERATOR FAMILY "Lonely" USING hash;
CREATE TABLE t (a int4);
