CREATE TABLE orders (id integer PRIMARY KEY, city text, state text, total numeric);
CREATE MATERIALIZED VIEW order_places AS SELECT city, state, count(*) AS n FROM orders GROUP BY city, state;
CREATE STATISTICS order_places_cs ON city, state FROM order_places;
ALTER STATISTICS order_places_cs SET STATISTICS 400;
COMMENT ON STATISTICS order_places_cs IS 'cities within states';
