-- pg_dump's own test: COMMENT ON SCHEMA public IS NULL (pg_dump writes it back as IS '')
CREATE TABLE t (a int);
COMMENT ON SCHEMA public IS NULL;
