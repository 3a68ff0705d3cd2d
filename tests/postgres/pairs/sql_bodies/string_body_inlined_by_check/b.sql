-- The CHECK calls a SQL function whose string body calls another by its qualified name: PostgreSQL inlines the
-- body while it adds the CHECK (in the plan's trial too), so that name must resolve there.
CREATE SCHEMA app;
CREATE TABLE app.events (id bigint PRIMARY KEY, code text NOT NULL);
CREATE FUNCTION app.known_codes() RETURNS SETOF text LANGUAGE sql STABLE AS $$ SELECT unnest(ARRAY['ok', 'late']) $$;
CREATE FUNCTION app.is_known(candidate text) RETURNS boolean LANGUAGE sql STABLE
AS $body$SELECT candidate IN (SELECT app.known_codes())$body$;
ALTER TABLE app.events ADD CONSTRAINT events_code_known CHECK (app.is_known(code));
