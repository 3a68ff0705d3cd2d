CREATE TYPE prio AS ENUM ('p1', 'p2', 'p3');
CREATE TABLE tickets (id int PRIMARY KEY, p prio NOT NULL);
CREATE INDEX tickets_p ON tickets (p);
INSERT INTO tickets VALUES (1, 'p1'), (2, 'p3');
