CREATE TABLE notes (id int);
-- What older pg_dump versions wrote for public: explicit grants, one to the role that applies (postgres).
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT ALL ON SCHEMA public TO postgres;
GRANT USAGE ON SCHEMA public TO PUBLIC;
