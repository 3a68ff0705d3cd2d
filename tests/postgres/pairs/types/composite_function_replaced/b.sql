CREATE TYPE pair AS (b integer, a integer);
CREATE FUNCTION swap(p pair) RETURNS pair LANGUAGE sql IMMUTABLE AS $$ SELECT ROW(p.a, p.b)::pair $$;
