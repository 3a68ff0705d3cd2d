COMMENT ON SCHEMA public IS 'the public one';
