CREATE TABLE events (id int, payload text);
CREATE MATERIALIZED VIEW recent AS SELECT id, payload FROM events;
