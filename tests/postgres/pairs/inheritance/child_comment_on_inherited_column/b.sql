CREATE TABLE readings (id integer NOT NULL, source text);
COMMENT ON COLUMN readings.source IS 'where the reading came from';
CREATE TABLE readings_2026 () INHERITS (readings);
COMMENT ON COLUMN readings_2026.source IS 'only 2026 rows';
CREATE TABLE readings_2027 () INHERITS (readings);
COMMENT ON COLUMN readings_2027.id IS 'numbered per year';
