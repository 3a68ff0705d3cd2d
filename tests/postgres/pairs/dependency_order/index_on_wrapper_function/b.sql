CREATE EXTENSION unaccent;
CREATE FUNCTION f_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT public.unaccent('public.unaccent', $1) $$;
CREATE TABLE name (id int PRIMARY KEY, full_name varchar(200));
CREATE INDEX name_lower_f_unaccent_full_name_like ON name (lower(f_unaccent(full_name::text)) varchar_pattern_ops);
