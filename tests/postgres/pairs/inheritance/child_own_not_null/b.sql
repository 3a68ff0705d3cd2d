CREATE TABLE readings (id integer NOT NULL, source text);
CREATE TABLE readings_2026 () INHERITS (readings);
ALTER TABLE readings_2026 ALTER COLUMN source SET NOT NULL;
CREATE TABLE readings_2027 () INHERITS (readings);
ALTER TABLE readings_2027 ALTER COLUMN source SET NOT NULL;
