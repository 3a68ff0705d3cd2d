-- partition_detached_keeps_copied_checks_and_index undone (B -> A): the table is attached again; its own checks,
-- the same as the parent's, are kept for ATTACH PARTITION, which requires them and adopts them as inherited.
CREATE TABLE events (n int CHECK (n > 0), at date NOT NULL, CONSTRAINT at_recent CHECK (at > '2000-01-01')) PARTITION BY RANGE (at);
CREATE TABLE archived_events (n int, at date NOT NULL) PARTITION BY RANGE (at);
CREATE INDEX ON events (n);
-- The detached year keeps the copies DETACH PARTITION leaves, under their names: nothing is rebuilt.
CREATE TABLE events_2020 (n int, at date NOT NULL, CONSTRAINT at_recent CHECK (at > '2000-01-01'));
ALTER TABLE events_2020 ADD CONSTRAINT events_n_check CHECK (n > 0);
CREATE INDEX events_2020_n_idx ON events_2020 (n);
