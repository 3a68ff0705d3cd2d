CREATE TYPE status AS ENUM ('new', 'paid', 'shipped');
CREATE TABLE orders (id integer PRIMARY KEY, status status DEFAULT 'new');
INSERT INTO orders VALUES (1, NULL);
