CREATE TABLE readings (id integer NOT NULL, source text DEFAULT 'manual');
CREATE TABLE readings_2026 () INHERITS (readings);
ALTER TABLE ONLY readings_2026 ALTER COLUMN source SET DEFAULT 'import';
ALTER TABLE ONLY readings_2026 ALTER COLUMN id SET DEFAULT 7;
