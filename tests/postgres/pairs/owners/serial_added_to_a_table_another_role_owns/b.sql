CREATE TABLE t (a int, id bigserial);
ALTER TABLE t OWNER TO own_serials;
