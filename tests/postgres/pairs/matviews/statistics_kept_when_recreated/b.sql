-- A new query re-creates the materialized view, which takes its statistics objects along: they are created again
-- with it (target and comment included), and one is added.
CREATE TABLE orders (id integer PRIMARY KEY, city text, state text, total numeric);
CREATE MATERIALIZED VIEW order_places AS
    SELECT city, state, count(*) AS n, sum(total) AS total FROM orders GROUP BY city, state;
CREATE STATISTICS order_places_cs ON city, state FROM order_places;
CREATE STATISTICS order_places_expr (ndistinct) ON lower(city), state FROM order_places;
ALTER STATISTICS order_places_cs SET STATISTICS 400;
COMMENT ON STATISTICS order_places_cs IS 'cities within states';
