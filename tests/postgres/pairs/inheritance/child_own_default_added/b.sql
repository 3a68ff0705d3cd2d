CREATE TABLE readings (id integer NOT NULL, taken timestamptz NOT NULL, source text);
CREATE TABLE readings_2026 () INHERITS (readings);
ALTER TABLE ONLY readings_2026 ALTER COLUMN id SET DEFAULT 0;
ALTER TABLE ONLY readings_2026 ALTER COLUMN source SET DEFAULT 'sensor';
