CREATE TABLE events (id bigint NOT NULL, tenant int NOT NULL, body text);
CREATE UNIQUE INDEX events_identity ON events (tenant);
ALTER TABLE events REPLICA IDENTITY USING INDEX events_identity;
