CREATE SCHEMA sales; COMMENT ON SCHEMA sales IS 'Sales team';
