CREATE TABLE zips (city text, state text, zip text, population int);
CREATE STATISTICS zips_city_state ON city, state FROM zips;
CREATE STATISTICS zips_mcv (mcv) ON city, state, zip FROM zips;
CREATE STATISTICS zips_expr (ndistinct, dependencies) ON lower(city), (population / 1000), state FROM zips;
CREATE STATISTICS zips_one_expression ON (length(zip)) FROM zips;
COMMENT ON STATISTICS zips_mcv IS 'common city/state/zip combinations';
