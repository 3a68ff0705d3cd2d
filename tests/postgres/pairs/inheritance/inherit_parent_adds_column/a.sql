CREATE TABLE base (id int);
CREATE TABLE child (x int) INHERITS (base);
