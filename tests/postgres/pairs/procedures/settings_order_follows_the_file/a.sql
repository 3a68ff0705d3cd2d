CREATE TABLE tbl (c1 integer);
CREATE PROCEDURE insert_data(a integer) LANGUAGE sql SET "DateStyle" TO 'postgres, dmy' AS 'INSERT INTO tbl VALUES (a)';
CREATE FUNCTION answer() RETURNS integer LANGUAGE sql SET work_mem = '64MB' SET search_path = public, pg_temp
    AS 'SELECT 42';
CREATE FUNCTION other() RETURNS integer LANGUAGE sql SET work_mem = '64MB' SET "DateStyle" TO 'ISO, MDY'
    SET search_path = public AS 'SELECT 1';
