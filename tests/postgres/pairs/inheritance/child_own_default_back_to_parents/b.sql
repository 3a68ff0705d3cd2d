CREATE TABLE readings (id integer NOT NULL, source text DEFAULT 'manual');
CREATE TABLE readings_2026 () INHERITS (readings);
