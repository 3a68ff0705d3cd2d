CREATE TABLE zips (city varchar(20), state text);
CREATE STATISTICS zips_cs ON city, state FROM zips;
INSERT INTO zips VALUES ('x', 'y');
