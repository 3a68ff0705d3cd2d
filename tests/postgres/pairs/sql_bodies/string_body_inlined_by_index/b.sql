CREATE SCHEMA app;
CREATE TABLE app.documents (id bigint PRIMARY KEY, title text NOT NULL);
CREATE FUNCTION app.squeeze(input text) RETURNS text LANGUAGE sql IMMUTABLE AS $$SELECT lower(btrim(input))$$;
CREATE FUNCTION app.title_key(input text) RETURNS text LANGUAGE sql IMMUTABLE AS $$SELECT app.squeeze(input)$$;
CREATE INDEX documents_title_key ON app.documents (app.title_key(title));
