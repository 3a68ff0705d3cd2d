CREATE TABLE orders (id int PRIMARY KEY, closed boolean NOT NULL DEFAULT false);
CREATE FUNCTION is_open(o orders) RETURNS boolean LANGUAGE sql IMMUTABLE RETURN NOT o.closed;
CREATE FUNCTION open_orders() RETURNS bigint LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT count(*) FROM orders o WHERE is_open(o);
END;
