-- PostgreSQL 15's unlogged sequences: switched both ways, created, and a serial of an unlogged table.
CREATE UNLOGGED SEQUENCE ticket_numbers;
CREATE SEQUENCE scratch_ids;
CREATE UNLOGGED SEQUENCE cache_keys START 100;
CREATE UNLOGGED TABLE sessions (id serial PRIMARY KEY, data jsonb);
