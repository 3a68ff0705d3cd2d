CREATE TYPE prio AS ENUM ('p1', 'p3');
CREATE TABLE tickets (id int PRIMARY KEY, p prio NOT NULL);
CREATE INDEX tickets_p ON tickets (p);
