-- A renamed parameter is no CREATE OR REPLACE: the function is dropped and created again, and the domain whose
-- check calls it goes around it; the new function (same argument types) only once the old one is gone.
CREATE FUNCTION is_valid(input text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT length(input) > 0 $$;
CREATE DOMAIN code AS text CONSTRAINT code_is_valid CHECK (is_valid(VALUE));
CREATE TABLE items (id int PRIMARY KEY, c code);
