-- pg_dump's own test: ALTER SCHEMA public OWNER TO another role; its USAGE for PUBLIC goes with it
CREATE TABLE t (a int);
ALTER SCHEMA public OWNER TO regress_public_owner;
