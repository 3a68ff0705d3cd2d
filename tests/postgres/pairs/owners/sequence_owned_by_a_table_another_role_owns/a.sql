CREATE TABLE t (a int);
ALTER TABLE t OWNER TO own_serials;
