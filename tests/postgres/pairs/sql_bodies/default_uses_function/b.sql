CREATE FUNCTION next_code() RETURNS text LANGUAGE sql VOLATILE RETURN 'ORD-' || floor(random() * 1000000)::text;
CREATE TABLE orders (id int PRIMARY KEY, code text NOT NULL DEFAULT next_code());
