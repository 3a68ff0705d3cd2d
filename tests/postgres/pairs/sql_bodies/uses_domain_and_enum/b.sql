CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN positive_int AS integer CHECK (VALUE > 0);
CREATE FUNCTION is_happy(m mood) RETURNS boolean LANGUAGE sql IMMUTABLE RETURN m = 'happy'::mood;
CREATE FUNCTION doubled(n positive_int) RETURNS positive_int LANGUAGE sql IMMUTABLE RETURN (n * 2)::positive_int;
