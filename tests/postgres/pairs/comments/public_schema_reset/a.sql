COMMENT ON SCHEMA public IS 'custom';
