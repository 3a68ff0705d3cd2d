CREATE COLLATION c1 (provider = icu, locale = 'en'); COMMENT ON COLLATION c1 IS 'english';
