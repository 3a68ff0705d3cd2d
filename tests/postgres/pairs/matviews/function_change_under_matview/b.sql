CREATE TABLE orders (id int PRIMARY KEY, customer text NOT NULL, amount numeric(10,2) NOT NULL);
CREATE FUNCTION with_tax(numeric) RETURNS numeric(12,2) LANGUAGE sql IMMUTABLE AS $$ SELECT $1 * 1.2 $$;
CREATE MATERIALIZED VIEW taxed AS SELECT id, with_tax(amount) AS gross FROM orders;
