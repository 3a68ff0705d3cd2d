CREATE TABLE prices (sku text PRIMARY KEY, net numeric NOT NULL);
CREATE FUNCTION gross(net numeric) RETURNS numeric LANGUAGE sql IMMUTABLE RETURN round(net * 1.19, 2);
CREATE VIEW gross_prices AS SELECT sku, gross(net) AS gross FROM prices;
