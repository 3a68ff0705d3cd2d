CREATE TABLE t (n integer); CREATE AGGREGATE my_sum(integer) (SFUNC = int4pl, STYPE = integer, INITCOND = '1'); CREATE VIEW totals AS SELECT my_sum(n) AS total FROM t;
