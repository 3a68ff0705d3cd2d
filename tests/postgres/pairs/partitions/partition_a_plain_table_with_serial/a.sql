CREATE TABLE events (id bigserial, happened_on date NOT NULL, payload jsonb);
SELECT nextval('events_id_seq');
