CREATE TABLE users (id integer PRIMARY KEY, email varchar(200), backup text[]);
