CREATE CAST (json AS text) WITHOUT FUNCTION;
CREATE CAST (text AS json) WITH INOUT;
COMMENT ON CAST (text AS json) IS 'parse as you go';
CREATE CAST (json AS character varying) WITH INOUT;
COMMENT ON CAST (json AS character varying) IS 'goes away';
