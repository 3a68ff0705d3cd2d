CREATE SCHEMA app;
CREATE DOMAIN app.code AS text;
CREATE FUNCTION app.code_eq(app.code, app.code) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT lower($1) = lower($2) $$;
CREATE FUNCTION app.code_hash(app.code) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT hashtext(lower($1)) $$;
CREATE OPERATOR app.=== (LEFTARG = app.code, RIGHTARG = app.code, FUNCTION = app.code_eq, HASHES);
CREATE OPERATOR CLASS app.code_hash_ops DEFAULT FOR TYPE app.code USING hash AS OPERATOR 1 app.=== (app.code, app.code), FUNCTION 1 app.code_hash(app.code);
CREATE TABLE public.items (c app.code);
CREATE INDEX items_c ON public.items USING hash (c app.code_hash_ops);
