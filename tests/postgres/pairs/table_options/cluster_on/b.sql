CREATE TABLE readings (id bigint PRIMARY KEY, sensor int, at timestamptz);
CREATE INDEX readings_at ON readings (at);
CREATE INDEX readings_sensor ON readings (sensor);
CREATE TABLE logs (id int PRIMARY KEY, line text);
CREATE TABLE events (id int PRIMARY KEY, kind text);
CREATE INDEX events_kind ON events (kind);
-- CLUSTER's index: moved to another index, dropped, and set on a new table.
ALTER TABLE readings CLUSTER ON readings_at;
ALTER TABLE events CLUSTER ON events_kind;
