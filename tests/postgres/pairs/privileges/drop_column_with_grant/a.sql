CREATE TABLE items (id int PRIMARY KEY, secret text);
GRANT SELECT (secret) ON items TO priv_reader;
