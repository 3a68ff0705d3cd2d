CREATE DOMAIN code AS text;
CREATE TABLE base (id int, c code);
CREATE TABLE child (note text) INHERITS (base);
CREATE INDEX child_c ON child (c);
ALTER TABLE child ADD CONSTRAINT child_c_check CHECK (c <> 'x');
CREATE TABLE p (id int, c code) PARTITION BY RANGE (id);
CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10);
CREATE INDEX p1_c ON p1 (c);
