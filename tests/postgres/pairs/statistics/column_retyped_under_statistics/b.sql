CREATE TABLE zips (city text, state text);
CREATE STATISTICS zips_cs ON city, state FROM zips;
