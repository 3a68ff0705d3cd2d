-- Owners that keep their default privileges, and one that granted the next owner everything.
CREATE SCHEMA app AUTHORIZATION own_old;
CREATE TABLE app.kept (id int);
ALTER TABLE app.kept OWNER TO own_old;
CREATE TABLE app.handed_over (id int);
ALTER TABLE app.handed_over OWNER TO own_old;
GRANT ALL ON app.handed_over TO own_new;
CREATE TABLE app.self_revoked (id int);
ALTER TABLE app.self_revoked OWNER TO own_old;
REVOKE ALL ON app.self_revoked FROM own_old;
GRANT SELECT ON app.self_revoked TO own_reader;
CREATE FUNCTION app.answer() RETURNS int LANGUAGE sql AS 'SELECT 42';
ALTER FUNCTION app.answer() OWNER TO own_old;
