-- A plain alias of a built-in (int4pl, STRICT as the built-in is), with its grants; and row_number's window code.
CREATE FUNCTION plus(integer, integer) RETURNS integer LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'int4pl';
REVOKE EXECUTE ON FUNCTION plus(integer, integer) FROM PUBLIC;
CREATE FUNCTION position_in_frame() RETURNS bigint LANGUAGE internal WINDOW AS 'window_row_number';
