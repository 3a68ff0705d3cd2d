CREATE CAST (json AS text) WITHOUT FUNCTION;
COMMENT ON CAST (json AS text) IS 'added: it''s binary coercible';
CREATE CAST (text AS json) WITH INOUT;
COMMENT ON CAST (text AS json) IS 'changed: parsed on the way';
CREATE CAST (json AS character varying) WITH INOUT;
