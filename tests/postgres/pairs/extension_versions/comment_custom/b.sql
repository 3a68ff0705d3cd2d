CREATE EXTENSION hstore; COMMENT ON EXTENSION hstore IS 'key/value pairs';
