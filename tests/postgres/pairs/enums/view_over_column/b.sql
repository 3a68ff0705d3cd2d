CREATE TYPE color AS ENUM ('red', 'blue');
CREATE TABLE cars (id int PRIMARY KEY, c color);
CREATE VIEW red_cars AS SELECT id, c FROM cars WHERE c = 'red';
