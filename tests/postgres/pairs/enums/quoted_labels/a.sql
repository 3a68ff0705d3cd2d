CREATE TYPE q AS ENUM ('it''s', 'a b', 'x');
CREATE TABLE t (id int PRIMARY KEY, v q);
INSERT INTO t VALUES (1, 'it''s');
