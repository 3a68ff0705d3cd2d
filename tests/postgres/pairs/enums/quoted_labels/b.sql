CREATE TYPE q AS ENUM ('x', 'it''s');
CREATE TABLE t (id int PRIMARY KEY, v q);
