-- partition_detached_with_checks_of_its_own undone (B -> A): attached again, keeping the checks ATTACH requires.
CREATE TABLE events (n int CHECK (n > 0), at date NOT NULL, CONSTRAINT at_recent CHECK (at > '2000-01-01')) PARTITION BY RANGE (at);
CREATE TABLE archived_events (n int, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE events_2020 (n int CHECK (n > 0), at date NOT NULL, CONSTRAINT at_recent CHECK (at > '2000-01-01'));
CREATE INDEX ON events (n);
