CREATE SCHEMA app;
CREATE TABLE app.events (id bigserial PRIMARY KEY, kind text NOT NULL, at timestamptz NOT NULL DEFAULT now());
CREATE FUNCTION app.count_events(k text) RETURNS bigint
    LANGUAGE sql STABLE STRICT
BEGIN ATOMIC
    SELECT count(*) FROM app.events WHERE kind = k;
END;
