CREATE TABLE events (id bigserial, happened_on date NOT NULL, payload jsonb) PARTITION BY RANGE (happened_on);
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE events_default PARTITION OF events DEFAULT;
SELECT nextval('events_id_seq');
