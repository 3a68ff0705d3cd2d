-- cross_schema_references undone (B -> A): app.events goes, and reporting.event_log, whose default takes
-- numbers from app.events' serial sequence, goes with it; the table that owns the sequence must wait for it.
CREATE SCHEMA app;
CREATE SCHEMA reporting;
CREATE TABLE app.users (id serial PRIMARY KEY, email text, active boolean DEFAULT true);
CREATE FUNCTION app.is_valid_email(e text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT e LIKE '%@%' $$;
CREATE SEQUENCE app.ticket_numbers;
CREATE TABLE reporting.tickets (
  no bigint DEFAULT nextval('app.ticket_numbers'::regclass),
  contact text CHECK (app.is_valid_email(contact)),
  user_id integer REFERENCES app.users (id)
);
CREATE VIEW reporting.active_users AS SELECT u.id, u.email FROM app.users u WHERE u.active;
CREATE VIEW reporting.user_tickets AS
  SELECT a.email, count(t.no) AS tickets FROM reporting.active_users a LEFT JOIN reporting.tickets t ON t.user_id = a.id GROUP BY a.email;
-- Same names in both schemas: export must qualify, and the qualified names must find the declared objects.
CREATE TABLE app.events (id bigserial PRIMARY KEY, kind text);
CREATE TABLE reporting.events (id bigserial PRIMARY KEY, summary text);
CREATE TABLE reporting.event_log (app_event bigint DEFAULT nextval('app.events_id_seq'::regclass), own bigint DEFAULT nextval('reporting.events_id_seq'::regclass));
CREATE VIEW reporting.event_kinds AS SELECT a.kind, r.summary FROM app.events a JOIN reporting.events r USING (id);
