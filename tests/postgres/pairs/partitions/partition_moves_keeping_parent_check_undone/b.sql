CREATE TABLE events (n int CHECK (n > 0), at date NOT NULL, CONSTRAINT at_recent CHECK (at > '2000-01-01')) PARTITION BY RANGE (at);
CREATE TABLE archived_events (n int, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE events_2020 PARTITION OF events FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');
CREATE INDEX ON events (n);
