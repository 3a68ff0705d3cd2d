CREATE TABLE zips (city text, state text, zip text);
CREATE STATISTICS zips_a ON city, state FROM zips;
CREATE STATISTICS zips_b (ndistinct) ON city, zip FROM zips;
ALTER STATISTICS zips_a SET STATISTICS 500;
COMMENT ON STATISTICS zips_b IS 'old';
