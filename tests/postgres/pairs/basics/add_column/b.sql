CREATE TABLE items (id serial PRIMARY KEY, name text NOT NULL, price numeric(10, 2) DEFAULT 0 CHECK (price >= 0));
CREATE INDEX items_name ON items (lower(name));
COMMENT ON COLUMN items.price IS 'in euros';
