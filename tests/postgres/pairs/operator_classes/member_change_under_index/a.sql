-- No ALTER changes a class's members: the class is dropped and created, the index using it around it.
CREATE FUNCTION my_cmp(int4, int4) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN $1 < $2 THEN 1 WHEN $1 > $2 THEN -1 ELSE 0 END $$;
CREATE FUNCTION my_cmp2(int4, int4) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN $1 < $2 THEN -1 WHEN $1 > $2 THEN 1 ELSE 0 END $$;
CREATE OPERATOR CLASS rev_ops FOR TYPE int4 USING btree AS OPERATOR 1 >, OPERATOR 2 >=, OPERATOR 3 =, OPERATOR 4 <=, OPERATOR 5 <, FUNCTION 1 my_cmp(int4, int4);
CREATE TABLE t (a int);
CREATE INDEX t_a ON t (a rev_ops);
INSERT INTO t VALUES (1), (2);
