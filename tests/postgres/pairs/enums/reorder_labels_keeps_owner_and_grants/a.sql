CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
ALTER TYPE mood OWNER TO priv_owner;
GRANT USAGE ON TYPE mood TO priv_reader;
COMMENT ON TYPE mood IS 'how it went';
CREATE TABLE entries (id int, mood mood);
INSERT INTO entries VALUES (1, 'ok');
