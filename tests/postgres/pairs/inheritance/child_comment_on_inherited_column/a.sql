CREATE TABLE readings (id integer NOT NULL, source text);
COMMENT ON COLUMN readings.source IS 'where the reading came from';
CREATE TABLE readings_2026 () INHERITS (readings);
COMMENT ON COLUMN readings_2026.id IS 'old note';
