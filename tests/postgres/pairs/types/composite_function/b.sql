CREATE TYPE pair AS (a integer, b integer);
CREATE FUNCTION swap(p pair) RETURNS pair LANGUAGE sql IMMUTABLE AS $$ SELECT ROW(p.b, p.a)::pair $$;
