CREATE TABLE readings (id integer NOT NULL, source text DEFAULT 'manual');
CREATE TABLE readings_2026 () INHERITS (readings);
ALTER TABLE ONLY readings_2026 ALTER COLUMN source SET DEFAULT 'sensor';
INSERT INTO readings_2026 (id) VALUES (1);
