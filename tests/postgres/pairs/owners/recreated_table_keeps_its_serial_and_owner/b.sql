CREATE TABLE t (id serial, a int) PARTITION BY RANGE (a);
ALTER TABLE t OWNER TO own_serials;
