CREATE TYPE prio AS ENUM ('p1', 'p2', 'p4');
CREATE TABLE tickets (id int PRIMARY KEY, p prio NOT NULL, CONSTRAINT not_p2 CHECK (p <> 'p2'));
