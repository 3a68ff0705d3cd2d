-- settings_reset undone (B -> A): a column option added next to one already set: all of them are set again in
-- the file's order, which pg_dump prints.
-- Settings no longer declared go back to their defaults: SET STATISTICS -1, the type's storage, RESET (...).
CREATE TABLE products (id int PRIMARY KEY, title text NOT NULL, price numeric NOT NULL);
CREATE MATERIALIZED VIEW catalog AS SELECT id, title, price FROM products;
ALTER MATERIALIZED VIEW catalog ALTER COLUMN id SET (n_distinct_inherited = 5);
