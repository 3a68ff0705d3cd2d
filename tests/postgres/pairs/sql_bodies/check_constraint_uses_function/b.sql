CREATE FUNCTION is_email(t text) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT RETURN t LIKE '%_@_%';
CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL CHECK (is_email(email)));
