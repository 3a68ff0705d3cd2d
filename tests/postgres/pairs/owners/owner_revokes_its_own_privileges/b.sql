-- The new owner revokes from itself (the owner's privileges are measured against the owner's default),
-- takes over a self-revoked table and grants itself back part of it, and a new table is born self-revoked.
CREATE SCHEMA app AUTHORIZATION own_new;
REVOKE USAGE ON SCHEMA app FROM own_new;
CREATE TABLE app.kept (id int);
ALTER TABLE app.kept OWNER TO own_new;
REVOKE ALL ON app.kept FROM own_new;
CREATE TABLE app.handed_over (id int);
ALTER TABLE app.handed_over OWNER TO own_new;
REVOKE DELETE, TRUNCATE ON app.handed_over FROM own_new;
CREATE TABLE app.self_revoked (id int);
ALTER TABLE app.self_revoked OWNER TO own_new;
REVOKE ALL ON app.self_revoked FROM own_new;
GRANT SELECT ON app.self_revoked TO own_new, own_reader;
CREATE TABLE app.born_revoked (id int);
ALTER TABLE app.born_revoked OWNER TO own_new;
REVOKE UPDATE ON app.born_revoked FROM own_new;
CREATE FUNCTION app.answer() RETURNS int LANGUAGE sql AS 'SELECT 42';
ALTER FUNCTION app.answer() OWNER TO own_new;
REVOKE EXECUTE ON FUNCTION app.answer() FROM own_new;
