-- A label removed re-creates the enum: the function over it and the casts over both go first and come back.
CREATE TYPE mood AS ENUM ('sad', 'meh', 'happy');
CREATE FUNCTION mood_score(mood) RETURNS integer LANGUAGE sql IMMUTABLE STRICT
    AS 'SELECT array_position(enum_range(NULL::mood), $1) - 1';
CREATE CAST (mood AS integer) WITH FUNCTION mood_score(mood);
CREATE CAST (text AS mood) WITH INOUT AS ASSIGNMENT;
COMMENT ON CAST (text AS mood) IS 'from a label';
