CREATE TABLE tickets (id integer PRIMARY KEY, status varchar(20));
