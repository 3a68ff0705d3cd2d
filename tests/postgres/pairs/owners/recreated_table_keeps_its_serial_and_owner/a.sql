CREATE TABLE t (id serial, a int);
ALTER TABLE t OWNER TO own_serials;
