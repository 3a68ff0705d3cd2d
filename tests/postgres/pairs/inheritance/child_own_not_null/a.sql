CREATE TABLE readings (id integer NOT NULL, source text);
CREATE TABLE readings_2026 () INHERITS (readings);
INSERT INTO readings_2026 VALUES (1, 'a');
