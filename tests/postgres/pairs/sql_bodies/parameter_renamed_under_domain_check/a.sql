CREATE FUNCTION is_valid(value text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT length(value) > 0 $$;
CREATE DOMAIN code AS text CONSTRAINT code_is_valid CHECK (is_valid(VALUE));
CREATE TABLE items (id int PRIMARY KEY, c code);
INSERT INTO items VALUES (1, 'x');
