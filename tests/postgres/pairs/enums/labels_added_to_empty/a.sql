CREATE TYPE status AS ENUM ();
CREATE TABLE orders (id integer PRIMARY KEY, status status);
INSERT INTO orders VALUES (1, NULL);
