CREATE TABLE orders (id int PRIMARY KEY, status text NOT NULL DEFAULT 'open');
INSERT INTO orders VALUES (1, 'open'), (2, 'closed');
