CREATE TABLE anchor (id integer);
