CREATE TABLE zips (city text, state text, zip text, population int);
CREATE STATISTICS zips_old (dependencies) ON city, zip FROM zips;
INSERT INTO zips VALUES ('a', 'b', 'c', 1);
