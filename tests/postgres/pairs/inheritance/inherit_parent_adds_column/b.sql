CREATE TABLE base (id int, note text DEFAULT 'n');
CREATE TABLE child (x int) INHERITS (base);
