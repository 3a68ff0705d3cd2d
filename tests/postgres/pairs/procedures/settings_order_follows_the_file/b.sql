-- pgcodekeeper's modify_procedure_configuration, reversed: a SET clause added before one the routine has.
-- ALTER ... SET appends a new parameter and replaces a kept one where it stands, so the plan resets them all
-- and sets them in the file's order (pg_dump prints proconfig's order); likewise for SET clauses only reordered,
-- and for one taken out between two that swap places.
CREATE TABLE tbl (c1 integer);
CREATE PROCEDURE insert_data(a integer) LANGUAGE sql SET search_path TO 'public', 'pg_catalog'
    SET "DateStyle" TO 'postgres, dmy' AS 'INSERT INTO tbl VALUES (a)';
CREATE FUNCTION answer() RETURNS integer LANGUAGE sql SET search_path = public, pg_temp SET work_mem = '64MB'
    AS 'SELECT 42';
CREATE FUNCTION other() RETURNS integer LANGUAGE sql SET search_path = public SET work_mem = '64MB' AS 'SELECT 1';
