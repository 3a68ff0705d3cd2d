-- The family CREATE OPERATOR CLASS made of the class's name, then declared on its own under that name with a
-- second class in it; reversed, the second class goes and the family is the class's own again.
CREATE OPERATOR CLASS int_ops2 FOR TYPE int4 USING btree AS
  OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >, FUNCTION 1 btint4cmp(int4, int4);
CREATE TABLE t (a int4);
CREATE INDEX t_a ON t (a int_ops2);
