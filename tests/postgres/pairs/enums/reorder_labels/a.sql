CREATE TYPE size AS ENUM ('small', 'large', 'medium');
CREATE TABLE shirts (id int PRIMARY KEY, s size);
INSERT INTO shirts VALUES (1, 'medium'), (2, 'large');
