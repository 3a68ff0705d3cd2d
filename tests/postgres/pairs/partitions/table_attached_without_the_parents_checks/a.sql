-- A table with none of the parent's checks becomes its partition: ATTACH PARTITION requires them, so they are
-- added first under the parent's names, and then inherited.
CREATE TABLE events (n int CHECK (n > 0), at date NOT NULL, CONSTRAINT at_recent CHECK (at > '2000-01-01')) PARTITION BY RANGE (at);
CREATE TABLE events_2021 (n int, at date NOT NULL);
INSERT INTO events_2021 VALUES (1, '2021-03-01');
