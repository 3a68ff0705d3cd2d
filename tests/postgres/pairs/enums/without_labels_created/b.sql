CREATE SCHEMA app;
CREATE TYPE app.status AS ENUM ();
COMMENT ON TYPE app.status IS 'labels come with the first release';
CREATE TYPE "Mixed Case" AS ENUM ();
CREATE TABLE orders (id integer PRIMARY KEY, status app.status, flags "Mixed Case"[]);
CREATE FUNCTION first_status() RETURNS app.status LANGUAGE sql STABLE AS 'SELECT NULL::app.status';
